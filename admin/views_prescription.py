"""Caducidade: open invoices older than `prescription_years`, filtered by UC, competência and
amount; staff tick and write them off (agent `prescription_agent`), or reverse a write-off
until its collection day is closed."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for

from admin.blueprint import bp
from billing.competence import parse_reference
from services.collection.closed_days import DayClosed
from services.collection.prescription import Filters, candidates, reverse, write_off, written_off
from services.core.clock import local_today
from services.core.runtime import db_session


def _amount(name: str) -> Decimal | None:
    """A filter amount typed as 1.234,56 or 1234.56; None when empty or unreadable."""
    raw = request.args.get(name, "").strip().replace(".", "").replace(",", ".")
    try:
        return Decimal(raw).quantize(Decimal("0.01")) if raw else None
    except InvalidOperation:
        return None


def _filters() -> Filters:
    """The filters of the query string (competência as MM/AAAA)."""
    typed = request.args.get("competencia", "").strip()
    return Filters(
        uc="".join(c for c in request.args.get("uc", "") if c.isdigit()),
        reference=(parse_reference(typed, iso=False) or "") if typed else "",
        min_amount=_amount("minimo"),
        max_amount=_amount("maximo"),
    )


@bp.get("/caducidade")
def caducidade() -> Any:
    """The invoices that may be written off, and the last write-offs."""
    session = db_session()
    return render_template(
        "admin/caducidade.html",
        rows=candidates(session, local_today(), _filters()),
        done=written_off(session),
        args=request.args,
    )


@bp.post("/caducidade")
def caducidade_baixar() -> Any:
    """Write off the ticked invoices."""
    ids = [int(i) for i in request.form.getlist("fatura") if i.isdigit()]
    count = write_off(db_session(), ids, g.staff.login, local_today()) if ids else 0
    flash(f"{count} fatura(s) baixada(s) por caducidade." if count else "Nenhuma fatura "
          "selecionada.", "ok" if count else "error")  # fmt: skip
    return redirect(url_for("admin.caducidade"))


@bp.post("/caducidade/<int:invoice_id>/estornar")
def caducidade_estornar(invoice_id: int) -> Any:
    """Reverse one write-off (refused once its collection day is closed)."""
    try:
        reverse(db_session(), invoice_id, g.staff.login)
    except (DayClosed, LookupError) as exc:
        flash(str(exc), "error")
    else:
        flash("Baixa estornada: a fatura voltou a ficar em aberto.", "ok")
    return redirect(url_for("admin.caducidade"))
