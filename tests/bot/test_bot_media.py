"""Messages that are not words, on WhatsApp and SMS: a photo goes to be read, its reading
leads to the invoice after identification; voice notes, videos, locations, stickers,
contacts and files get a short answer each."""

from __future__ import annotations

import pytest

from bot.media_types import Attachment, PhotoFinding, ReadPhoto
from bot.types import SendDocument
from tests.bot.fakes import JOAO_CPF, STRANGER, Chat, world

CHANNELS = ["whatsapp", "sms"]
PHOTO = Attachment("image", "https://api.twilio.com/x/Media/ME1", "image/jpeg")


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_photo_is_acknowledged_and_sent_to_be_read(channel: str) -> None:
    """The webhook answers at once; the effect asks a worker to read the photo."""
    chat = Chat(world(), channel=channel)
    chat.send("", attachment=PHOTO)
    assert chat.replies == chat.says("photo_reading")
    assert chat.effects == [ReadPhoto(PHOTO.url, "image/jpeg")]


@pytest.mark.parametrize("channel", CHANNELS)
def test_an_open_invoice_photographed_gives_its_state_and_codes(channel: str) -> None:
    """Maria's number is bound to the UC: the state, then the codes as BARRA gives them."""
    chat = Chat(world(), channel=channel)
    chat.send("", photo=PhotoFinding("ours", "131030", 3))
    assert chat.keys[0] == "photo_open"
    assert chat.replies[0] == chat.says("photo_open", month="10/2026", uc="131030",
                                        amount="R$ 245,50", due="20/10/2026")[0]  # fmt: skip
    assert any(r.replace(" ", "").isdigit() and len(r.replace(" ", "")) >= 47
               for r in chat.replies)  # fmt: skip


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_stranger_identifies_before_learning_of_the_invoice(channel: str) -> None:
    """Another number's photo of João's bill: the CPF first, then the paid state and copy."""
    chat = Chat(world(), channel=channel, phone=STRANGER)
    chat.send("", photo=PhotoFinding("ours", "200200", 10))
    assert chat.step == "ask_cpf" and "R$" not in chat.text
    chat.send(JOAO_CPF)
    assert "photo_paid" in chat.keys
    assert SendDocument(10, "second_copy") in chat.effects


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("result", "key"),
    [("other", "photo_not_ours"), ("none", "photo_no_code"), ("refused", "photo_refused")],
)
def test_a_photo_without_our_code_gets_a_short_answer(channel: str, result: str,
                                                      key: str) -> None:  # fmt: skip
    """Another company's bill, no code, or an image refused: one line saying what to do."""
    chat = Chat(world(), channel=channel)
    chat.send("", photo=PhotoFinding(result))  # type: ignore[arg-type]
    assert chat.replies == chat.says(key)
    assert chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("audio", "media_audio"),
        ("video", "media_video"),
        ("location", "media_location"),
        ("sticker", "media_sticker"),
        ("reaction", "media_sticker"),
        ("contact", "media_contact"),
        ("document", "media_document"),
    ],
)
def test_other_media_get_their_short_answer_without_the_menu(channel: str, kind: str,
                                                             key: str) -> None:  # fmt: skip
    """Voice notes and videos: an example to type; a location: the outage report offered."""
    chat = Chat(world(), channel=channel)
    chat.send("", attachment=Attachment(kind))  # type: ignore[arg-type]
    assert chat.replies == chat.says(key)
    assert "Escolha uma op" not in chat.text and "Responda:" not in chat.text


def test_a_location_then_falta_reports_the_outage() -> None:
    """The offer is taken by FALTA as usual."""
    chat = Chat(world())
    chat.send("", attachment=Attachment("location"))
    chat.send("FALTA")
    assert chat.keys[0] == "outage"


def test_a_voice_note_abandons_nothing_but_answers_while_a_step_waits() -> None:
    """A voice note while the CPF is asked: the short answer, and the question still waits."""
    chat = Chat(world(), phone=STRANGER)
    chat.send("2via 200200")
    assert chat.step == "ask_cpf"
    chat.send("", attachment=Attachment("audio"))
    assert chat.replies == chat.says("media_audio")
    assert chat.step == "ask_cpf"
