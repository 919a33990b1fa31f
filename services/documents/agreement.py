"""The agreement PDF of an installment plan (confissão de dívida), rendered from its entrada
invoice: the invoices it settles, the debt, each payment's due date and value, the term the
consumer accepted (and when, where), and the entrada's payment block with its barcode."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.validation import mask_destination
from models import Consent, InstallmentPlan, Invoice
from services.core import formats

STAFF_TERM = (
    "Acordo feito pelo atendimento da distribuidora a pedido do titular, que reconhece a "
    "dívida acima e se compromete a pagar a entrada e as parcelas nas datas indicadas. Sem a "
    "entrada paga no vencimento, o acordo é desfeito; parcelas em atraso antecipam o saldo."
)


def plan_of(session: Session, invoice: Invoice) -> InstallmentPlan | None:
    """The plan an entrada (or other plan invoice) belongs to."""
    plan_id = (invoice.extra or {}).get("installment_plan")
    return session.get(InstallmentPlan, plan_id) if isinstance(plan_id, int) else None


def _accepted(consent: Consent | None, plan: InstallmentPlan) -> str:
    """Where and when the plan was accepted (the number masked)."""
    if consent is None:
        return f"{formats.moment(plan.created_at)} · atendimento ({plan.created_by})"
    number = mask_destination(consent.phone) if consent.phone else ""
    return (
        f"{formats.moment(consent.created_at)} · {consent.channel} {number} · mensagem "
        f"nº {consent.inbound_message_id} · termo versão {consent.text_version}"
    )


def plan_context(session: Session, plan: InstallmentPlan) -> dict[str, Any]:
    """The `plan` the agreement template shows."""
    consent = session.scalar(
        select(Consent).where(Consent.installment_plan_id == plan.id).order_by(Consent.id)
    )
    originals = session.scalars(
        select(Invoice).where(Invoice.id.in_(plan.original_ids)).order_by(Invoice.reference)
    ).all()
    return {
        "id": plan.id,
        "created_at": plan.created_at,
        "count": plan.count,
        "originals": originals,
        "principal": plan.principal,
        "fine": plan.fine,
        "interest": plan.interest,
        "discount": plan.discount,
        "total": plan.total,
        "down_payment": plan.down_payment,
        "down_payment_due": plan.down_payment_due,
        "installments": plan.installments,
        "term": consent.text if consent is not None else STAFF_TERM,
        "accepted": _accepted(consent, plan),
    }
