"""The plans and charges as the ERP API and the admin page list them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Installment, InstallmentPlan, InstallmentStatus, PlanStatus, Unit

LISTED_CHARGES = (InstallmentStatus.BILLED, InstallmentStatus.PAID)


def plans(session: Session, uc: str | None = None, status: str | None = None,
          limit: int = 500) -> list[InstallmentPlan]:  # fmt: skip
    """Plans, newest first, of one UC and/or one status."""
    query = select(InstallmentPlan).join(Unit, Unit.id == InstallmentPlan.unit_id)
    if uc:
        query = query.where(Unit.uc == uc)
    if status in {s.value for s in PlanStatus}:
        query = query.where(InstallmentPlan.status == status)
    return list(session.scalars(query.order_by(InstallmentPlan.id.desc()).limit(limit)))


def plan_json(plan: InstallmentPlan) -> dict[str, Any]:
    """One plan: status, money, entrada and installments (amounts as decimal strings)."""
    return {
        "id": plan.id,
        "uc": plan.unit.uc,
        "status": plan.status.value,
        "mode": plan.mode,
        "created_at": plan.created_at.isoformat(),
        "created_by": plan.created_by,
        "principal": str(plan.principal),
        "fine": str(plan.fine),
        "interest": str(plan.interest),
        "discount": str(plan.discount),
        "total": str(plan.total),
        "down_payment": {
            "amount": str(plan.down_payment),
            "due_date": plan.down_payment_due.isoformat(),
            "invoice_id": plan.down_payment_invoice_id,
        },
        "installments": [
            {
                "number": i.number,
                "amount": str(i.amount),
                "due_date": i.due_date.isoformat(),
                "reference": i.reference,
                "status": i.status.value,
                "invoice_id": i.invoice_id,
            }
            for i in plan.installments
        ],
    }


def charges(session: Session, reference: str) -> list[dict[str, Any]]:
    """Charges-mode installments the ERP adds to that competência's energy invoices."""
    rows = session.execute(
        select(Installment, InstallmentPlan, Unit.uc)
        .join(InstallmentPlan, InstallmentPlan.id == Installment.plan_id)
        .join(Unit, Unit.id == InstallmentPlan.unit_id)
        .where(
            InstallmentPlan.mode == "charges",
            Installment.reference == reference,
            Installment.status.in_(LISTED_CHARGES),
        )
        .order_by(Unit.uc, Installment.plan_id)
    ).all()
    return [
        {
            "uc": uc,
            "reference": reference,
            "plan_id": plan.id,
            "number": inst.number,
            "count": plan.count,
            "amount": str(inst.amount),
            "description": f"Parcela {inst.number}/{plan.count} do parcelamento nº {plan.id}",
            "status": inst.status.value,
        }
        for inst, plan, uc in rows
    ]
