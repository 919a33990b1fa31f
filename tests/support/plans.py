"""Installment-plan test helpers: NEGOCIAR through the webhook, bank return files that pay
invoices, and the demo UC's overdue invoices."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from billing.arrecadacao import build_barcode
from billing.return_file import ReturnHeader
from models import InstallmentPlan, Invoice, InvoiceStatus, unit_by_uc
from services import settings
from services.collection.bank_returns import import_return
from services.collection.payment_view import cents
from services.core.clock import local_today
from tests.support.chat import post, replies
from tests.support.return_files import ReturnPaymentInput, build_return

AGENTS = {
    "installment_agent": "PARCELADO",
    "installment_unpaid_down_payment_agent": "ENTRADA NAO PAGA",
    "other_invoices_split_agent": "OUTRAS FATURAS",
}


class Bank:
    """Generated return files, one sequence number each."""

    def __init__(self) -> None:
        """Start at sequence 1."""
        self.sequence = 0

    def pay(self, session: Any, invoices: list[Invoice], day: date) -> None:
        """The bank reports these invoices paid in full on `day`."""
        self.sequence += 1
        header = ReturnHeader("12345", "DEMO", "104", "CAIXA", day, self.sequence, "07")
        payments = [
            ReturnPaymentInput(
                barcode=build_barcode(
                    segment="3", value_id="6", amount_cents=cents(i.amount),
                    company_code=settings.load(session).febraban_company_code,
                    due_date=i.due_date, document_number=i.id,
                ),
                amount_cents=cents(i.amount), paid_on=day, credited_on=day, channel="3",
            )
            for i in invoices
        ]  # fmt: skip
        summary = import_return(session, build_return(header, payments), f"RET{self.sequence}")
        assert summary.paid == len(invoices), summary.lines()
        session.expire_all()


def overdue_ids(session: Any) -> list[int]:
    """The demo UC's overdue open invoices."""
    unit = unit_by_uc(session, "131030")
    return list(session.scalars(select(Invoice.id).where(
        Invoice.unit_id == unit.id, Invoice.status == InvoiceStatus.OPEN,
        Invoice.due_date < local_today())))  # fmt: skip


def negotiate(chat: Any, channel: str = "whatsapp") -> list[str]:
    """NEGOCIAR, option 1, SIM: the replies of the acceptance."""
    offer = replies(post(chat, "NEGOCIAR", channel))
    assert any("Entrada" in r or "+" in r for r in offer), offer
    term = "\n".join(replies(post(chat, "1", channel)))
    assert ("confissão de dívida" in term) or ("reconheco divida" in term), term
    return replies(post(chat, "SIM", channel))


def the_plan(session: Any) -> InstallmentPlan:
    """The only plan."""
    session.expire_all()
    return session.scalars(select(InstallmentPlan)).one()
