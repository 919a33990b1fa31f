"""Collection end to end, through the chat: pay by BARRA and a return file; ATUALIZAR and the
day close."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from billing.arrecadacao import line_to_barcode
from billing.debt import updated_total
from billing.return_file import ReturnHeader
from models import Invoice, InvoiceKind, InvoiceStatus
from services import settings
from services.collection.bank_returns import import_return
from services.collection.payment_view import cents
from services.collection.updated_debt import close_day
from services.core.clock import local_today
from tests.support.chat import post, replies
from tests.support.return_files import ReturnPaymentInput, build_return

LINE = re.compile(r"^\d{48}$")


@pytest.fixture
def chat(chat_app):  # type: ignore[no-untyped-def]
    """The app with the demo distributor; Maria's number is bound to UC 131030."""
    return chat_app.test_client()


def pay(session, digits: str, cents_paid: int, sequence: int = 1) -> None:  # type: ignore[no-untyped-def]
    """The bank reports the line paid."""
    header = ReturnHeader(
        convenio="12345",
        company="DEMO",
        bank_code="104",
        bank_name="CAIXA",
        file_date=local_today(),
        sequence=sequence,
        layout_version="07",
    )
    text = build_return(
        header,
        [
            ReturnPaymentInput(
                barcode=line_to_barcode(digits),
                amount_cents=cents_paid,
                paid_on=local_today(),
                credited_on=local_today(),
                channel="9",
            )
        ],
    )
    assert import_return(session, text, "RET.txt").paid == 1


def open_invoices(session) -> list[Invoice]:  # type: ignore[no-untyped-def]
    """The demo UC's open invoices, fresh."""
    session.expire_all()
    return list(
        session.scalars(
            select(Invoice).where(Invoice.status == InvoiceStatus.OPEN).order_by(Invoice.reference)
        )
    )


def test_barra_then_the_bank_pays_it_then_debitos_no_longer_owes_it(chat, session) -> None:
    october = next(i for i in open_invoices(session) if i.unit.uc == "131030")
    answer = replies(post(chat, f"BARRA {october.reference[5:]}/{october.reference[:4]}"))
    digits = next(text for text in answer if LINE.match(text))
    pay(session, digits, cents(october.amount))
    session.expire_all()
    paid = session.get(Invoice, october.id)
    assert paid.status is InvoiceStatus.PAID and paid.collection_agent == "104 CAIXA"
    debts = "\n".join(replies(post(chat, "DEBITOS")))
    month = f"{october.reference[5:]}/{october.reference[:4]}"
    owed, _, received = debts.partition("Pagamentos recebidos")
    assert month not in owed  # no longer owed...
    assert month in received and local_today().strftime("%d/%m/%Y") in received  # ...but paid
    again = "\n".join(replies(post(chat, f"BARRA {month}")))
    assert not LINE.search(again) and "pag" in again.lower()


def test_atualizar_then_day_close_reverses_and_the_originals_reopen(chat, session) -> None:
    settings.update(session, {"updated_debt_enabled": True}, "test")
    originals = [i for i in open_invoices(session) if i.unit.uc == "131030"]
    answer = replies(post(chat, "ATUALIZAR"))
    digits = next(text for text in answer if LINE.match(text))
    session.expire_all()
    updated = session.scalar(select(Invoice).where(Invoice.kind == InvoiceKind.OTHER))
    expected = updated_total(
        [(cents(i.amount), i.due_date) for i in originals],
        local_today(),
        Decimal("2.00"),
        Decimal("1.00"),
    )
    assert cents(updated.amount) == expected.total_cents > sum(cents(i.amount) for i in originals)
    assert updated.due_date == local_today()
    assert line_to_barcode(digits)[19:27] == f"{local_today():%Y%m%d}"
    assert {session.get(Invoice, i.id).status for i in originals} == {InvoiceStatus.CONSOLIDATED}
    assert close_day(session, local_today()) == 1
    session.expire_all()
    assert session.get(Invoice, updated.id).status is InvoiceStatus.CANCELLED
    assert {session.get(Invoice, i.id).status for i in originals} == {InvoiceStatus.OPEN}


def test_paying_the_updated_debt_pays_the_originals(chat, session) -> None:
    settings.update(
        session, {"updated_debt_enabled": True, "updated_debt_agent": "AGENCIA"}, "test"
    )
    originals = [i for i in open_invoices(session) if i.unit.uc == "131030"]
    digits = next(t for t in replies(post(chat, "ATUALIZAR")) if LINE.match(t))
    updated = session.scalar(select(Invoice).where(Invoice.kind == InvoiceKind.OTHER))
    pay(session, digits, cents(updated.amount))
    assert close_day(session, date.max) == 0  # paid: nothing to reverse
    session.expire_all()
    statuses = {
        (session.get(Invoice, i.id).status, session.get(Invoice, i.id).collection_agent)
        for i in originals
    }
    assert statuses == {(InvoiceStatus.PAID, "AGENCIA")}


def test_an_optional_whatsapp_confirmation_goes_to_enrolled_numbers(chat, session) -> None:
    from models import Delivery, Enrollment
    from services.delivery.paid_notices import confirm_payments

    october = next(i for i in open_invoices(session) if i.unit.uc == "131030")
    session.add(
        Enrollment(
            unit_id=october.unit_id,
            medium="whatsapp",
            destination="+5531988887777",
            created_by="test",
        )
    )
    session.commit()
    digits = next(t for t in replies(post(chat, "BARRA")) if LINE.match(t))
    pay(session, digits, cents(october.amount))
    assert confirm_payments(session, [october.id]) == []  # off by default
    settings.update(session, {"payment_confirmation_enabled": True}, "test")
    created = confirm_payments(session, [october.id])
    assert len(created) == 1 and confirm_payments(session, [october.id]) == []
    message = session.get(Delivery, created[0])
    assert message.destination == "+5531988887777" and "Recebemos o pagamento" in message.body
