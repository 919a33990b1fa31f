"""Staff's "cancelar plano": the plan's unpaid invoices are cancelled, the invoices it settled
reopen, what the consumer already paid through the plan becomes a credit for the UC's next
invoice (so reopening never charges twice), and the cancellation is audited."""

from __future__ import annotations

import logging
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    LIVE_PLAN_STATUSES,
    Adjustment,
    AuditLog,
    InstallmentPlan,
    InstallmentStatus,
    Invoice,
    InvoiceStatus,
    PlanEvent,
    PlanStatus,
    utcnow,
)
from services.installments.plans import PlanError, reopen_originals

log = logging.getLogger(__name__)
PAID = (InvoiceStatus.PAID, InvoiceStatus.SETTLED)


def _plan_invoices(session: Session, plan: InstallmentPlan) -> list[Invoice]:
    """Every invoice the plan issued (entradas, installments, anticipation)."""
    rows = session.scalars(select(Invoice).where(Invoice.unit_id == plan.unit_id))
    return [i for i in rows if (i.extra or {}).get("installment_plan") == plan.id]


def cancel_plan(session: Session, plan: InstallmentPlan, actor: str, reason: str = "") -> int:
    """Cancel a live plan (the caller commits); returns how many invoices reopened."""
    if plan.status not in LIVE_PLAN_STATUSES:
        raise PlanError("not_live", "Só um plano em andamento pode ser cancelado.")
    received = Decimal("0.00")
    for invoice in _plan_invoices(session, plan):
        if invoice.status is InvoiceStatus.OPEN:
            invoice.status = InvoiceStatus.CANCELLED
            invoice.version += 1
        elif invoice.status is InvoiceStatus.PAID:
            received += invoice.paid_amount or invoice.amount
    for installment in plan.installments:
        if installment.status is not InstallmentStatus.PAID:
            installment.status = InstallmentStatus.CANCELLED
    reopened = reopen_originals(session, plan)
    if received and plan.down_payment_invoice_id:
        credit = Adjustment(
            unit_id=plan.unit_id,
            source_invoice_id=plan.down_payment_invoice_id,
            amount=-received,
            reason="crédito de parcelamento cancelado",
        )
        session.add(credit)
    plan.status = PlanStatus.CANCELLED
    plan.closed_at = utcnow()
    plan.events.append(PlanEvent(kind="cancelado", detail=f"por {actor}: {reason}"[:500]))
    session.add(AuditLog(actor=actor[:60], action="installment_plan.cancel",
                         entity="installment_plan", entity_id=str(plan.id),
                         detail={"reopened": reopened, "credit": str(received),
                                 "reason": reason[:200]}))  # fmt: skip
    log.info("installment plan %d cancelled: %d invoices reopened", plan.id, reopened)
    return reopened
