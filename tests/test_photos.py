"""Photos of a bill through the real webhook, queue and fake Twilio: the DANF3e rendered,
photographed (scaled, turned, compressed), fetched with the account's credentials and read;
another company's bill, a photo with no code, an 8 MB image and a foreign host are answered
without acting. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from billing import arrecadacao
from billing.boleto import build_bb_barcode
from billing.itf import itf_png
from bot.texts import text
from models import DeliveryKind, Invoice, InvoiceStatus, PendingPhoto, unit_by_uc
from services.core.clock import local_now
from services.core.storage import LocalStorage
from services.documents.documents import ensure_document
from services.erp.demo import DEMO_DOCUMENT, DEMO_UC
from tests.support.chat import AUTH_TOKEN, post, replies
from tests.support.fake_twilio import FakeTwilio
from tests.support.handoffs import twilio_app
from tests.support.photos import blank_photo, page_image, photograph
from tests.support.readback import needs_tools

STRANGER = "+5521988776655"
SID = "AC" + "1" * 32


@pytest.fixture
def photo_app(db, session, tmp_path):  # type: ignore[no-untyped-def]
    """The demo distributor talking through the fake Twilio (media and messages)."""
    from services.core.clock import local_today
    from services.erp.demo import load_demo

    load_demo(session, local_today())
    fake = FakeTwilio(credentials=(SID, AUTH_TOKEN)).start()
    app = twilio_app(db, str(tmp_path / "m"), fake, twilio_account_sid=SID,
                     twilio_whatsapp_from="+553130000000",
                     twilio_whatsapp_handoff_template_sid=None)  # fmt: skip
    with app.app_context():
        yield app, fake
    app.extensions["fatura"].queue.join(5.0)
    fake.stop()


def send_photo(app, fake, data: bytes, content_type: str, phone: str = STRANGER,
               channel: str = "whatsapp", url: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]  # fmt: skip
    """Post an inbound image; the webhook's replies, then wait for the worker's answer."""
    media = {"NumMedia": "1", "MediaContentType0": content_type,
             "MediaUrl0": url or fake.add_media(data, content_type)}  # fmt: skip
    response = post(app.test_client(), "", channel=channel, phone=phone, extra=media)
    assert response.status_code == 200
    app.extensions["fatura"].queue.join(10.0)
    return replies(response)


def sent_to(fake: FakeTwilio, phone: str) -> list[str]:
    """The bodies of the messages created for `phone`, in order."""
    return [r["Body"] for r in fake.requests if r["To"].removeprefix("whatsapp:") == phone]


def open_invoice(session) -> Invoice:  # type: ignore[no-untyped-def]
    """The demo UC's most recent open invoice."""
    unit = unit_by_uc(session, DEMO_UC)
    query = (select(Invoice).where(Invoice.unit_id == unit.id,
                                   Invoice.status == InvoiceStatus.OPEN)
             .order_by(Invoice.reference.desc()))  # fmt: skip
    return session.scalars(query).first()


def on_a_page(barcode: str) -> bytes:
    """A photographed page with an ITF barcode (someone else's bill)."""
    drawn = Image.open(io.BytesIO(itf_png(barcode))).convert("RGB")
    drawn = drawn.resize((drawn.width * 2, 150), Image.Resampling.NEAREST)
    page = Image.new("RGB", (1240, 1754), "white")
    page.paste(drawn, (200, 1300))
    return photograph(page, degrees=2.0)


@needs_tools
@pytest.mark.parametrize(("fmt", "content_type", "degrees"),
                         [("PNG", "image/png", 2.0), ("JPEG", "image/jpeg", -3.0)])  # fmt: skip
def test_a_photographed_bill_leads_to_its_invoice_after_identification(
    photo_app, session, tmp_path: Path, fmt: str, content_type: str, degrees: float
) -> None:
    """Acknowledged at once; the reading asks the stranger's CPF; then the invoice's state
    and its code. The photo is not kept."""
    app, fake = photo_app
    invoice = open_invoice(session)
    pdf = ensure_document(session, invoice.id, DeliveryKind.SECOND_COPY,
                          LocalStorage(tmp_path / "docs"), local_now()).content  # fmt: skip
    session.commit()
    photo = photograph(page_image(pdf), fmt=fmt, degrees=degrees)
    assert send_photo(app, fake, photo, content_type) == [text("photo_reading")]
    assert fake.fetches and "CPF" in "\n".join(sent_to(fake, STRANGER))
    response = post(app.test_client(), DEMO_DOCUMENT, phone=STRANGER)
    answer = "\n".join(replies(response))
    assert "em aberto" in answer and invoice.reference[5:] + "/" in answer
    digits = "".join(c for c in answer if c.isdigit())
    assert arrecadacao.barcode_to_line(_barcode_of(photo)) in digits  # the code it showed
    assert session.scalar(select(func.count()).select_from(PendingPhoto)) == 0


def _barcode_of(photo: bytes) -> str:
    """The ITF barcode in a photo (to rebuild the line the bot should give)."""
    gray = Image.open(io.BytesIO(photo)).convert("L")
    (found,) = zxingcpp.read_barcodes(gray, formats=(zxingcpp.BarcodeFormat.ITF,))
    return found.text


@pytest.mark.parametrize(
    "barcode",
    [
        build_bb_barcode(
            amount_cents=15990,
            due_date=date(2026, 12, 10),
            convenio="7654321",
            nosso_numero=42,
            carteira="17",
        ),
        arrecadacao.build_barcode(
            segment="2",
            value_id="6",
            amount_cents=8890,
            company_code="0999",
            due_date=date(2026, 12, 5),
            document_number=77,
        ),
    ],
    ids=["bank-boleto", "water-company"],
)
def test_another_companys_bill_gets_a_short_answer(photo_app, barcode: str) -> None:
    """A valid code that is not ours: say so, and what to do."""
    app, fake = photo_app
    send_photo(app, fake, on_a_page(barcode), "image/jpeg")
    assert sent_to(fake, STRANGER) == [text("photo_not_ours")]


def test_a_photo_with_no_code_gets_a_short_answer(photo_app) -> None:
    """Words only: how to take a better photo."""
    app, fake = photo_app
    send_photo(app, fake, blank_photo(), "image/jpeg")
    assert sent_to(fake, STRANGER) == [text("photo_no_code")]


def test_an_8_mb_image_is_refused(photo_app, session) -> None:
    """Over 5 MB: not read, the consumer told the limit; nothing stays pending."""
    app, fake = photo_app
    send_photo(app, fake, b"\xff" * (8 * 1024 * 1024), "image/jpeg")
    assert sent_to(fake, STRANGER) == [text("photo_refused")]
    assert session.scalar(select(func.count()).select_from(PendingPhoto)) == 0


def test_a_media_url_on_another_host_is_never_fetched(photo_app) -> None:
    """A MediaUrl that is not the configured Twilio API host: refused without a request."""
    app, fake = photo_app
    other = FakeTwilio().start()
    try:
        url = other.add_media(blank_photo(), "image/jpeg")
        send_photo(app, fake, b"", "image/jpeg", url=url)
        assert other.fetches == [] and fake.fetches == []
        assert sent_to(fake, STRANGER) == [text("photo_refused")]
    finally:
        other.stop()


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_the_photo_of_a_bound_number_on_sms_too(photo_app, channel: str) -> None:
    """An MMS reaches the same reading; a blank one gets the SMS form of the answer."""
    app, fake = photo_app
    send_photo(app, fake, blank_photo(), "image/jpeg", channel=channel)
    assert sent_to(fake, STRANGER) == [text("photo_no_code", sms=channel == "sms")]


def test_a_photo_twilio_keeps_failing_is_answered_and_not_kept(photo_app, session) -> None:  # type: ignore[no-untyped-def]
    """Twilio answers 503 for the medium until the retries run out: the sweeper finds the
    pending photo, and once it is old enough the reading gives up with an answer and the
    row goes."""
    from datetime import timedelta

    from models import utcnow
    from services.chat import photo_read, rest_replies
    from services.core.runtime import current

    app, fake = photo_app
    fake.media_down = True
    assert send_photo(app, fake, blank_photo(), "image/jpeg") == [text("photo_reading")]
    (pending,) = session.scalars(select(PendingPhoto)).all()
    assert sent_to(fake, STRANGER) == []
    later = utcnow() + photo_read.GIVE_UP_AFTER + timedelta(minutes=1)
    assert photo_read.stale(session, later) == [pending.id]
    _, to_send = photo_read.read_photo(session, current(), pending.id, later)
    for inbound_id in to_send:
        rest_replies.send_pending(session, current(), inbound_id, later)
    assert sent_to(fake, STRANGER) == [text("photo_unavailable")]
    assert session.scalar(select(func.count()).select_from(PendingPhoto)) == 0
