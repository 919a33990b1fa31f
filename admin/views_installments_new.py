"""Parcelamentos > Novo: staff make a plan for a consumer on the phone, with the chat's rules.

Three steps: UC and the CPF/CNPJ the caller gives (checked against the titular, audited when
wrong); the overdue invoices and the plans the chat would offer, one to pick, with "entrada já
paga" for an entrada paid at the counter; the plan made (audited by create_plan). The CPF/CNPJ
is typed once and never written back into a page: the second step carries a signed token that
names the UC and the staff member and expires in IDENTIFIED_FOR seconds.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, flash, g, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from admin.blueprint import bp
from admin.security import actor
from models import unit_by_uc
from services.core.clock import local_today
from services.core.runtime import db_session
from services.documents.agreement import STAFF_TERM
from services.installments.plans import PlanError, create_plan
from services.installments.staff import identified_unit, quote

log = logging.getLogger(__name__)
IDENTIFIED_FOR = 30 * 60  # seconds a check of the caller's CPF/CNPJ stays good
SALT = "admin-installment-identified"


def _signer() -> URLSafeTimedSerializer:
    """Signs "this staff member identified this UC's caller"."""
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=SALT)


def _identified(token: str) -> str | None:
    """The UC the token vouches for (same staff member, not expired), else None."""
    try:
        data = _signer().loads(token, max_age=IDENTIFIED_FOR)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("staff") != g.staff.login:
        return None
    uc = data.get("uc")
    return uc if isinstance(uc, str) else None


@bp.get("/parcelamentos/novo")
def parcelamento_novo() -> Any:
    """Step 1: the UC and the caller's CPF/CNPJ."""
    return render_template("admin/parcelamento_novo.html", uc=request.args.get("uc", ""))


def _offers_page(uc: str, token: str, status: int = 200, **extra: Any) -> Any:
    """Step 2: the debt and the plans to pick from (or why there is none)."""
    unit = unit_by_uc(db_session(), uc)
    try:
        if unit is None:
            raise PlanError("unknown_uc", "UC não encontrada.")
        offer = quote(db_session(), unit, local_today())
    except PlanError as exc:
        return render_template("admin/parcelamento_novo.html", uc=uc, error=str(exc)), 422
    page = render_template("admin/parcelamento_ofertas.html", quote=offer, token=token,
                           term=STAFF_TERM, **extra)  # fmt: skip
    return page, status


@bp.post("/parcelamentos/novo")
def parcelamento_identificar() -> Any:
    """Check the CPF/CNPJ against the UC's titular, then show the offers."""
    uc = request.form.get("uc", "").strip()
    try:
        unit = identified_unit(db_session(), uc, request.form.get("documento", ""), actor())
    except PlanError as exc:
        return render_template("admin/parcelamento_novo.html", uc=uc, error=str(exc)), 422
    token = _signer().dumps({"uc": unit.uc, "staff": g.staff.login})
    return _offers_page(unit.uc, token)


@bp.post("/parcelamentos/novo/confirmar")
def parcelamento_criar() -> Any:
    """Make the picked plan (the debt must still be the one shown), then open its page."""
    token = request.form.get("identificacao", "")
    uc = _identified(token)
    if uc is None:
        flash("A identificação expirou: confirme de novo o CPF/CNPJ de quem ligou.", "error")
        return redirect(url_for("admin.parcelamento_novo"))
    try:
        count, total = int(request.form.get("parcelas", "")), int(request.form.get("total", ""))
    except ValueError:
        return _offers_page(uc, token, 422, error="Escolha uma das opções de parcelamento.")
    db = db_session()
    try:
        plan = create_plan(db, uc, count, local_today(), actor=actor(), channel="staff",
                           expected_total=total,
                           early_paid=request.form.get("entrada_paga") == "on")  # fmt: skip
    except PlanError as exc:
        db.rollback()
        return _offers_page(uc, token, 422, error=str(exc))
    db.commit()
    flash(f"Plano nº {plan.id} criado para a UC {uc}.", "ok")
    return redirect(url_for("admin.parcelamento", plan_id=plan.id))
