"""The simulator's photo picker, with Twilio configured (so the simulator is behind the staff
login): an uploaded photo of a bill is read by the worker as a real one is and leads to the
invoice; too big, not an image, anonymous or forged uploads are refused; an upload is kept
only until it is read, and only a simulated message of its uploader may read it."""

from __future__ import annotations

import io
import os
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from bot.texts import text
from channels.twilio_media import MAX_BYTES
from models import DeliveryKind, InboundMessage, PendingPhoto
from services.chat import simulator_photos
from services.core.clock import local_now
from services.core.runtime import current
from services.core.storage import LocalStorage
from services.documents.documents import ensure_document
from services.erp.demo import DEMO_DOCUMENT
from tests.support.admin_client import STAFF_LOGIN
from tests.support.chat import form, post, replies, sign
from tests.support.photos import blank_photo, page_image, photograph
from tests.support.readback import needs_tools
from tests.test_photos import open_invoice, sent_to
from webhooks.twilio import SIMULATED_BY

STRANGER = "+5531977776666"  # on nobody's file: the number the staff member types


@pytest.fixture
def sim(twilio_staff, fake_twilio):  # type: ignore[no-untyped-def]
    """The demo distributor on the fake Twilio (so the simulator needs a login), people
    answering at every hour; (app, a logged-in staff client, the fake)."""
    app, client = twilio_staff
    return app, client, fake_twilio


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    """The CSRF token the simulator page hands its script."""
    page = client.get("/simulator").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page)[1]


def upload(client, data: bytes, content_type: str = "image/jpeg", name: str = "conta.jpg",
           csrf: bool = True):  # type: ignore[no-untyped-def]  # fmt: skip
    """Pick a file in the simulator page as the browser posts it (the type the browser says)."""
    fields = {"channel": "whatsapp", "phone": STRANGER,
              "photo": (io.BytesIO(data), name, content_type)}  # fmt: skip
    headers = {"X-CSRFToken": _csrf(client)} if csrf else {}
    return client.post("/simulator/photo", data=fields, headers=headers,
                       content_type="multipart/form-data")  # fmt: skip


def say(client, typed: str):  # type: ignore[no-untyped-def]
    """Type one message in the simulator."""
    body = {"channel": "whatsapp", "phone": STRANGER, "text": typed}
    return client.post("/simulator/send", json=body, headers={"X-CSRFToken": _csrf(client)})


def outbox_texts(client) -> list[str]:  # type: ignore[no-untyped-def]
    """What the simulator page shows from the outbox for the number (the worker's answers)."""
    items = client.get("/simulator/outbox", query_string={"phone": STRANGER}).get_json()["items"]
    return [item["text"] for item in items]


def stored(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The uploads waiting to be read (held by the in-process queue, which runs the jobs)."""
    return list(app.extensions["fatura"].queue.held)


def settle(app) -> None:  # type: ignore[no-untyped-def]
    """Let the worker read what was queued."""
    app.extensions["fatura"].queue.join(10.0)


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    """How many rows of `model` there are."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@needs_tools
def test_a_photographed_bill_from_the_picker_leads_to_its_invoice(sim, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The DANF3e photographed (PNG): acknowledged, read by the worker, which asks the CPF in
    the outbox; after it, the invoice's state. Twilio is never called; the upload is gone."""
    app, client, fake = sim
    invoice = open_invoice(session)
    pdf = ensure_document(session, invoice.id, DeliveryKind.SECOND_COPY,
                          LocalStorage(tmp_path / "docs"), local_now()).content  # fmt: skip
    session.commit()
    answer = upload(client, photograph(page_image(pdf), fmt="PNG"), "image/png", "conta.png")
    assert answer.status_code == 200 and answer.get_json()["replies"] == [text("photo_reading")]
    settle(app)
    assert "CPF" in "\n".join(outbox_texts(client))
    after = "\n".join(say(client, DEMO_DOCUMENT).get_json()["replies"])
    assert "em aberto" in after and invoice.reference[5:] + "/" in after
    assert stored(app) == [] and count(session, PendingPhoto) == 0
    assert fake.requests == [] and fake.fetches == []
    session.expire_all()
    photo = session.scalar(select(InboundMessage).where(InboundMessage.body.like("%foto%")))
    assert photo is not None and photo.simulated_by == STAFF_LOGIN


def test_a_photo_with_no_code_is_answered_and_not_kept(sim, session) -> None:  # type: ignore[no-untyped-def]
    """A JPEG with words only: how to take a better photo, in the outbox; nothing stays."""
    app, client, _ = sim
    assert upload(client, blank_photo()).status_code == 200
    settle(app)
    assert outbox_texts(client) == [text("photo_no_code")]
    assert stored(app) == [] and count(session, PendingPhoto) == 0


def test_a_photo_of_several_megabytes_is_taken(sim, session) -> None:  # type: ignore[no-untyped-def]
    """A 3.6 MB PNG (over the app's 1 MB form limit, under the photo's 5 MB) is read."""
    app, client, _ = sim
    noise = Image.frombytes("RGB", (1200, 1000), os.urandom(1200 * 1000 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert 3 * 1024 * 1024 < len(out.getvalue()) < MAX_BYTES
    answer = upload(client, out.getvalue(), "image/png", "grande.png")
    assert answer.status_code == 200 and answer.get_json()["replies"] == [text("photo_reading")]
    settle(app)
    assert outbox_texts(client) == [text("photo_no_code")] and stored(app) == []


@pytest.mark.parametrize("size", [8 * 1024 * 1024, MAX_BYTES + 1])
def test_an_upload_over_5_mb_is_refused(sim, session, size: int) -> None:  # type: ignore[no-untyped-def]
    """8 MB (refused before it is read) and one byte over the limit: the limit is said,
    nothing is stored or sent to the bot."""
    app, client, _ = sim
    answer = upload(client, b"\xff\xd8\xff\xe0" + b"\0" * (size - 4))
    assert answer.status_code == 413 and answer.get_json()["error"] == "too_big"
    assert "5 MB" in answer.get_json()["message"]
    assert stored(app) == [] and count(session, InboundMessage) == 0


def _gif() -> bytes:
    """A real image, but neither PNG nor JPEG."""
    out = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "claimed"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "image/jpeg"),
        (b"<html><script>alert(1)</script></html>", "image/png"),
        (b"\x89PNG\r\n\x1a\n" + b"not really a png", "image/png"),
        (_gif(), "image/gif"),
        (b"", "image/jpeg"),
    ],
    ids=["pdf-named-jpeg", "html-named-png", "png-signature-only", "gif", "empty"],
)
def test_what_is_not_a_png_or_jpeg_is_refused(sim, session, data: bytes, claimed: str) -> None:  # type: ignore[no-untyped-def]
    """The type is sniffed from the bytes, whatever the browser claims."""
    app, client, _ = sim
    answer = upload(client, data, claimed)
    assert answer.status_code == 415 and answer.get_json()["error"] == "not_image"
    assert "PNG ou JPEG" in answer.get_json()["message"]
    assert stored(app) == [] and count(session, InboundMessage) == 0


def test_anonymous_and_forged_uploads_are_refused(sim, session) -> None:  # type: ignore[no-untyped-def]
    """Nobody logged in: sent to the login. Logged in but without the page's CSRF token (a
    form posted from another site): refused. Nothing is stored either way."""
    app, client, _ = sim
    anonymous = upload(app.test_client(), blank_photo(), csrf=False)
    assert anonymous.status_code == 302 and "/admin/login" in anonymous.headers["Location"]
    assert upload(client, blank_photo(), csrf=False).status_code == 400
    assert stored(app) == [] and count(session, InboundMessage) == 0


def test_a_consumers_number_is_refused_and_nothing_is_kept(sim, session) -> None:  # type: ignore[no-untyped-def]
    """The same number rules as typing: a consumer's number is never written as."""
    from services.erp.demo import DEMO_PHONE

    app, client, _ = sim
    fields = {"channel": "whatsapp", "phone": DEMO_PHONE,
              "photo": (io.BytesIO(blank_photo()), "conta.jpg", "image/jpeg")}  # fmt: skip
    answer = client.post("/simulator/photo", data=fields, headers={"X-CSRFToken": _csrf(client)},
                         content_type="multipart/form-data")  # fmt: skip
    assert answer.status_code == 403 and answer.get_json()["error"] == "number_taken"
    assert stored(app) == [] and count(session, InboundMessage) == 0


def test_an_upload_the_bot_does_not_read_is_deleted_at_once(sim, session) -> None:  # type: ignore[no-untyped-def]
    """During a hand-off the bot steps aside and reads no photo: the upload goes at once."""
    app, client, _ = sim
    assert "protocolo" in " ".join(say(client, "atendente").get_json()["replies"]).lower()
    answer = upload(client, blank_photo())
    assert answer.status_code == 200 and answer.get_json()["replies"] == [text("handoff_waiting")]
    assert count(session, PendingPhoto) == 0 and stored(app) == []


def _simulated_post(client, url: str, by: str):  # type: ignore[no-untyped-def]
    """An inbound image naming `url`, marked as simulated by `by` (as the simulator marks)."""
    media = {"NumMedia": "1", "MediaContentType0": "image/jpeg", "MediaUrl0": url}
    params = form("", phone=STRANGER, extra=media)
    path = "/webhooks/twilio/whatsapp"
    return client.post(path, data=params, headers={"X-Twilio-Signature": sign(path, params)},
                       environ_overrides={SIMULATED_BY: by})  # fmt: skip


def test_another_staff_members_message_cannot_read_an_upload(sim, session) -> None:  # type: ignore[no-untyped-def]
    """An upload is found only with its uploader's login: a message simulated by someone
    else naming it is answered as refused, and the upload is left for its owner."""
    app, client, fake = sim
    url, _ = simulator_photos.keep(current(), blank_photo(), STAFF_LOGIN)
    assert replies(_simulated_post(app.test_client(), url, "outra.pessoa")) == [
        text("photo_reading")
    ]
    settle(app)
    assert outbox_texts(client) == [text("photo_refused")]
    assert len(stored(app)) == 1 and fake.fetches == []
    assert replies(_simulated_post(app.test_client(), url, STAFF_LOGIN))
    settle(app)
    assert outbox_texts(client)[-1] == text("photo_no_code") and stored(app) == []


def test_a_real_message_naming_a_simulator_photo_is_never_fetched(sim, session) -> None:  # type: ignore[no-untyped-def]
    """A consumer's message whose MediaUrl is a simulator upload's address: not the Twilio
    API host, so refused without any request, and the upload is not read."""
    app, _, fake = sim
    url, _ = simulator_photos.keep(current(), blank_photo(), STAFF_LOGIN)
    consumer = "+5521988776655"
    media = {"NumMedia": "1", "MediaContentType0": "image/jpeg", "MediaUrl0": url}
    assert replies(post(app.test_client(), "", phone=consumer, extra=media)) == [
        text("photo_reading")
    ]
    settle(app)
    assert sent_to(fake, consumer) == [text("photo_refused")]
    assert fake.fetches == [] and len(stored(app)) == 1
