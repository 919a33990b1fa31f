"""Parcelamentos: plans by status, each plan's timeline, installments and agreement PDF, and
"cancelar plano" (asks first; reopens the originals; audited with the staff login)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from admin.blueprint import bp, get_or_404
from admin.security import actor
from models import LIVE_PLAN_STATUSES, AuditLog, DeliveryKind, InstallmentPlan, Invoice, utcnow
from services.core.runtime import current, db_session
from services.documents.documents import ensure_document
from services.installments import queries
from services.installments.cancel import cancel_plan
from services.installments.plans import PlanError

log = logging.getLogger(__name__)
STATUS_LABELS = {
    "awaiting_down_payment": "Aguardando entrada",
    "active": "Em dia",
    "anticipated": "Saldo antecipado",
    "closed": "Encerrado",
    "lapsed": "Desfeito (entrada não paga)",
    "cancelled": "Cancelado",
}
INSTALLMENT_LABELS = {
    "scheduled": "Agendada",
    "billed": "Cobrada",
    "paid": "Paga",
    "anticipated": "Antecipada",
    "cancelled": "Cancelada",
}


@bp.get("/parcelamentos")
def parcelamentos() -> Any:
    """The plans, newest first, filtered by status and UC."""
    status = request.args.get("situacao", "")
    uc = "".join(c for c in request.args.get("uc", "") if c.isdigit())
    rows = queries.plans(db_session(), uc=uc or None, status=status or None, limit=200)
    return render_template("admin/parcelamentos.html", plans=rows, status=status, uc=uc,
                           labels=STATUS_LABELS)  # fmt: skip


def _invoices(plan: InstallmentPlan) -> dict[int, Invoice]:
    """The plan's own invoices (entrada, installments, balance) and the originals, by id."""
    session = db_session()
    ids = set(plan.original_ids) | {plan.down_payment_invoice_id, plan.anticipation_invoice_id}
    ids |= {i.invoice_id for i in plan.installments}
    wanted = [i for i in ids if i]
    return {i.id: i for i in session.scalars(select(Invoice).where(Invoice.id.in_(wanted)))}


@bp.get("/parcelamentos/<int:plan_id>")
def parcelamento(plan_id: int) -> Any:
    """One plan: money, originals, entrada, installments and timeline."""
    plan = get_or_404(InstallmentPlan, plan_id)
    invoices = _invoices(plan)
    return render_template(
        "admin/parcelamento.html",
        plan=plan,
        invoices=invoices,
        originals=[invoices[i] for i in plan.original_ids if i in invoices],
        live=plan.status in LIVE_PLAN_STATUSES,
        labels=STATUS_LABELS,
        installment_labels=INSTALLMENT_LABELS,
    )


@bp.get("/parcelamentos/<int:plan_id>/acordo.pdf")
def parcelamento_acordo(plan_id: int) -> Any:
    """The agreement PDF (confissão de dívida) to download; audited like a printed copy."""
    plan = get_or_404(InstallmentPlan, plan_id)
    if plan.down_payment_invoice_id is None:
        abort(404)
    db = db_session()
    document = ensure_document(db, plan.down_payment_invoice_id, DeliveryKind.AGREEMENT,
                               current().storage, utcnow())  # fmt: skip
    db.add(AuditLog(actor=actor(), action="installment_plan.download", entity="installment_plan",
                    entity_id=str(plan.id), detail={}))  # fmt: skip
    db.commit()
    response = Response(document.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


@bp.get("/parcelamentos/<int:plan_id>/cancelar")
def parcelamento_cancelar(plan_id: int) -> Any:
    """Ask for confirmation (and a reason) before cancelling."""
    plan = get_or_404(InstallmentPlan, plan_id)
    if plan.status not in LIVE_PLAN_STATUSES:
        flash("Só um plano em andamento pode ser cancelado.", "error")
        return redirect(url_for("admin.parcelamento", plan_id=plan.id))
    return render_template("admin/parcelamento_cancelar.html", plan=plan)


@bp.post("/parcelamentos/<int:plan_id>/cancelar")
def parcelamento_cancelado(plan_id: int) -> Any:
    """Cancel the plan: its unpaid invoices cancelled, the originals reopened, audited."""
    plan = get_or_404(InstallmentPlan, plan_id)
    db = db_session()
    reason = request.form.get("motivo", "").strip()
    try:
        reopened = cancel_plan(db, plan, actor(), reason)
    except PlanError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.parcelamento", plan_id=plan.id))
    db.commit()
    flash(f"Plano nº {plan.id} cancelado: {reopened} fatura(s) voltaram a ficar em aberto.", "ok")
    return redirect(url_for("admin.parcelamento", plan_id=plan.id))
