"""A failed automatic debit as the consumer receives it: the reason, then the code alone, in
that order whatever the queue does; on WhatsApp when enrolled there, otherwise by e-mail to
the enrolled address and SMS (one segment each) to the titular's mobile."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from billing import arrecadacao
from billing.debit_layout import RETURN_REASONS, reason
from bot.formatting import to_ascii
from models import (
    Conversation,
    DebitRequest,
    Delivery,
    DeliveryMedium,
    DeliveryStatus,
    EnrollmentMedium,
    Invoice,
    InvoiceStatus,
    OutboxMessage,
    Unit,
    unit_by_uc,
    utcnow,
)
from services import settings
from services.collection.debit_remessa import generate
from services.collection.debit_returns import import_debit_return
from services.core.clock import local_today
from services.delivery.compose import SMS_SEGMENT
from services.delivery.debit_notice_texts import notice_texts
from services.delivery.debit_notices import notify_failed
from services.erp.demo import DEMO_SETTINGS, load_demo
from services.people import enrollments
from services.settings import Settings
from tests.support.chat import DEMO_PHONE
from tests.support.debit_files import Option, Result, build
from tests.support.fake_twilio import FakeTwilio
from tests.support.handoffs import twilio_app
from workers.jobs import enqueue_deliveries

WHATSAPP = f"whatsapp:{DEMO_PHONE}"
LINE = re.compile(r"^\d{48}$")


@pytest.fixture
def bank(db, session, tmp_path) -> Iterator[tuple[Any, FakeTwilio]]:  # type: ignore[no-untyped-def]
    """The demo distributor (UC 131030: teste@teste.com enrolled by e-mail, the titular's
    mobile on file) sending through a fake Twilio; Itaú has an agreement."""
    load_demo(session, local_today())
    settings.update(session, {"direct_debit_banks": "341"}, "test")
    fake = FakeTwilio().start()
    app = twilio_app(db, str(tmp_path / "m"), fake)
    with app.app_context():
        yield app, fake
    app.extensions["fatura"].queue.join(5.0)
    fake.stop()


def on_whatsapp(session: Any) -> None:
    """The titular enrols their number on WhatsApp and wrote an hour ago (inside the window)."""
    enrollments.enroll(session, unit_by_uc(session, "131030"), EnrollmentMedium.WHATSAPP,
                       DEMO_PHONE, keep_printed=False, actor="test")  # fmt: skip
    at = utcnow() - timedelta(hours=1)
    session.add(Conversation(channel="whatsapp", phone=DEMO_PHONE, data={}, last_inbound_at=at))
    session.commit()


def failed_debit(session: Any) -> list[int]:
    """Opt-in, the demo's recent invoice sent for debit, F 01 back; the notices' ids."""
    import_debit_return(session, build([Option("131030")], day=local_today()), "OPT.txt")
    assert generate(session, "341", local_today() + timedelta(days=8), "test").requests == 1
    key = session.scalar(select(DebitRequest)).invoice.key
    back = build(results=[Result("131030", key, 0, code="01")], sequence=2)
    summary = import_debit_return(session, back, "RET.txt")
    return notify_failed(session, summary.results.failed_request_ids, local_today())


def send(app: Any, ids: list[int]) -> None:
    """Queue these deliveries as the import does and wait until the queue is idle."""
    enqueue_deliveries(app.extensions["fatura"].queue, ids)
    app.extensions["fatura"].queue.join(20.0)


def statuses(session: Any) -> list[DeliveryStatus]:
    """Every delivery's status, oldest first."""
    session.expire_all()
    return list(session.scalars(select(Delivery.status).order_by(Delivery.id)))


def test_on_whatsapp_the_reason_then_the_code_alone(bank, session) -> None:  # type: ignore[no-untyped-def]
    app, fake = bank
    on_whatsapp(session)
    send(app, failed_debit(session))
    reason_text, digits = fake.bodies(WHATSAPP)
    assert reason_text.startswith("Olá! O banco não conseguiu debitar a fatura ")
    assert "UC 131030" in reason_text and "não havia saldo suficiente na conta" in reason_text
    assert "código de barras da próxima mensagem" in reason_text
    invoice = session.scalar(select(DebitRequest)).invoice
    decoded = arrecadacao.parse(digits)  # a bank app reads it back
    assert decoded.amount_cents == int(invoice.amount * 100)
    assert decoded.document_number == invoice.id
    assert statuses(session) == [DeliveryStatus.SENT, DeliveryStatus.SENT]


def test_the_code_cannot_overtake_the_reason(bank, session) -> None:  # type: ignore[no-untyped-def]
    """Whoever queues the code's message first (the sweeper, a retry), it waits."""
    app, fake = bank
    on_whatsapp(session)
    first = failed_debit(session)
    code_id = session.scalar(select(Delivery.id).where(Delivery.status == DeliveryStatus.HELD))
    send(app, [code_id])
    assert fake.bodies(WHATSAPP) == [] and statuses(session)[1] is DeliveryStatus.HELD
    send(app, first)
    assert [LINE.match(b) is not None for b in fake.bodies(WHATSAPP)] == [False, True]


def test_when_the_reason_cannot_go_the_code_does_not_go_alone(bank, session) -> None:  # type: ignore[no-untyped-def]
    app, fake = bank
    on_whatsapp(session)
    fake.fail_next(400, 21211, "The 'To' number is not a valid phone number.")
    send(app, failed_debit(session))
    assert len(fake.requests) == 1  # the refused reason; nothing after it
    assert statuses(session) == [DeliveryStatus.FAILED, DeliveryStatus.SKIPPED]


def test_without_whatsapp_an_email_and_one_segment_smses(bank, session) -> None:  # type: ignore[no-untyped-def]
    app, fake = bank
    send(app, failed_debit(session))
    reason_sms, digits = fake.bodies(DEMO_PHONE)
    assert reason_sms.isascii() and len(reason_sms) <= SMS_SEGMENT
    assert "nao havia saldo suficiente" in reason_sms and "131030" in reason_sms
    assert LINE.match(digits)
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.medium == DeliveryMedium.EMAIL))
    assert mail.destination == "teste@teste.com"
    assert "não havia saldo suficiente na conta" in mail.text
    invoice = session.scalar(select(DebitRequest)).invoice
    assert arrecadacao.parse(re.sub(r"\D", "", mail.text.split("\n\n")[-1])).document_number == (
        invoice.id
    )


def test_an_invoice_paid_meanwhile_gets_no_notice(bank, session) -> None:  # type: ignore[no-untyped-def]
    import_debit_return(session, build([Option("131030")], day=local_today()), "OPT.txt")
    generate(session, "341", local_today() + timedelta(days=8), "test")
    request = session.scalar(select(DebitRequest))
    request.invoice.status = InvoiceStatus.PAID
    session.commit()
    back = build(results=[Result("131030", request.invoice.key, 0, code="01")], sequence=2)
    summary = import_debit_return(session, back, "RET.txt")
    assert summary.results.failed == 1
    assert notify_failed(session, summary.results.failed_request_ids, local_today()) == []


def long_request(code: str, due: date) -> DebitRequest:
    """A request of the largest invoice and longest UC a message may have to name."""
    unit = Unit(uc="12345678901234567890")
    invoice = Invoice(id=987654, key="K", unit=unit, reference="2026-10", due_date=due,
                      amount=Decimal("99999.99"), status=InvoiceStatus.OPEN)  # fmt: skip
    return DebitRequest(invoice=invoice, return_code=code, reason=reason(code))


@pytest.mark.parametrize("code", [*sorted(set(RETURN_REASONS) - {"00", "31", "99"}), "77"])
@pytest.mark.parametrize("days_late", [0, 400], ids=["payable", "past the payable period"])
def test_every_reason_fits_one_sms_segment_in_plain_ascii(code: str, days_late: int) -> None:
    today = date(2026, 11, 29)
    request = long_request(code, today - timedelta(days=days_late))
    texts = notice_texts(request, Settings.from_mapping(DEMO_SETTINGS), today, DeliveryMedium.SMS)
    assert all(t.isascii() and len(t) <= SMS_SEGMENT for t in texts), texts
    assert to_ascii(reason(code)) in texts[0]
    if days_late:
        assert len(texts) == 1 and "ATUALIZAR" in texts[0]
    else:
        assert LINE.match(texts[1])
