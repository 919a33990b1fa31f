"""Media through the signed webhook, on WhatsApp and SMS (MMS): the Twilio parameters read
into the medium, and the bot's short answer for a voice note, a location and a sticker."""

from __future__ import annotations

import pytest

from bot.texts import text
from services.chat.inbound_media import attachment_of
from tests.support.chat import post, replies

AUDIO = {"NumMedia": "1", "MediaContentType0": "audio/ogg", "MediaUrl0": "https://x/ME1"}
LOCATION = {"Latitude": "-19.92", "Longitude": "-43.94", "Address": "Praça Sete"}
STICKER = {"NumMedia": "1", "MediaContentType0": "image/webp", "MediaUrl0": "https://x/ME2"}


@pytest.mark.parametrize(
    ("form", "kind"),
    [
        (AUDIO, "audio"),
        (LOCATION, "location"),
        (STICKER, "sticker"),
        ({"NumMedia": "1", "MediaContentType0": "image/jpeg", "MediaUrl0": "u"}, "image"),
        ({"NumMedia": "1", "MediaContentType0": "video/mp4"}, "video"),
        ({"NumMedia": "1", "MediaContentType0": "text/vcard"}, "contact"),
        ({"NumMedia": "1", "MediaContentType0": "application/pdf"}, "document"),
        ({"Body": "👍"}, "reaction"),
    ],
)
def test_twilio_parameters_name_the_medium(form: dict[str, str], kind: str) -> None:
    """NumMedia/MediaContentType0, Latitude/Longitude, or an emoji alone."""
    found = attachment_of(form)
    assert found is not None and found.kind == kind


def test_plain_text_has_no_medium() -> None:
    """Words, digits and a question mark are text."""
    for body in ("2 via", "1", "?", "ok 👍"):
        assert attachment_of({"Body": body, "NumMedia": "0"}) is None


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
@pytest.mark.parametrize(
    ("extra", "key"),
    [(AUDIO, "media_audio"), (LOCATION, "media_location"), (STICKER, "media_sticker")],
)
def test_voice_note_location_and_sticker_are_answered(
    chat_app, channel: str, extra: dict[str, str], key: str
) -> None:
    """One short answer each, in the channel's form (SMS: ASCII), no menu."""
    response = post(chat_app.test_client(), "", channel=channel, extra=extra)
    assert response.status_code == 200
    assert replies(response) == [text(key, sms=channel == "sms")]
