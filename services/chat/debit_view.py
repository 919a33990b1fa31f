"""The automatic-debit part of the bot's view: a UC's enrolment and last failure, and which
of its invoices are on their way to be debited (their codes are held back in the chat)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.types import DirectDebitInfo
from models import DebitEnrollment, DebitRequest, Invoice, Unit


def requested_banks(session: Session, uc: str) -> dict[int, str]:
    """Invoice id → bank code, for the UC's debits sent and not answered yet."""
    rows = session.execute(
        select(DebitRequest.invoice_id, DebitEnrollment.bank_code)
        .join(DebitEnrollment, DebitEnrollment.id == DebitRequest.enrollment_id)
        .join(Unit, Unit.id == DebitEnrollment.unit_id)
        .where(Unit.uc == uc, DebitRequest.status == "requested")
    )
    return {invoice_id: bank for invoice_id, bank in rows}


def direct_debit(session: Session, uc: str) -> DirectDebitInfo | None:
    """The UC's enrolment (active or not) with its last failed debit, or None."""
    enrollment = session.scalar(
        select(DebitEnrollment).join(Unit, Unit.id == DebitEnrollment.unit_id).where(Unit.uc == uc)
    )
    if enrollment is None:
        return None
    failure = session.execute(
        select(Invoice.reference, DebitRequest.reason, DebitRequest.status)
        .join(Invoice, Invoice.id == DebitRequest.invoice_id)
        .where(DebitRequest.enrollment_id == enrollment.id, DebitRequest.status != "requested")
        .order_by(DebitRequest.result_on.desc(), DebitRequest.id.desc())
        .limit(1)
    ).first()
    failed = failure is not None and failure.status == "failed"
    return DirectDebitInfo(
        active=enrollment.active,
        bank_code=enrollment.bank_code,
        identification=enrollment.pending_company_id or enrollment.company_id,
        failure=(failure.reference, failure.reason) if failed else None,
    )
