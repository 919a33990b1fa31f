"""Faltas de energia and Mensagens não entendidas: what the chat's free text left for staff.

Both show texts stored already redacted (services.chat.free_text), and numbers masked. The
texts not understood are exported as YAML training examples and dismissed once reviewed
(a POST with CSRF, audited per text).
"""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for

from admin.blueprint import bp
from admin.security import actor
from models import utcnow
from services.chat import free_text_review as review
from services.core.clock import local_today
from services.core.runtime import db_session

PAGE = 200
EXPORT = 1000


@bp.get("/faltas-de-energia")
def faltas_de_energia() -> Any:
    """Today's count (São Paulo) and the newest outage reports."""
    db = db_session()
    return render_template(
        "admin/faltas_de_energia.html",
        today=review.outages_on(db, local_today()),
        rows=review.recent_outages(db, PAGE),
        page_size=PAGE,
    )


@bp.get("/nao-entendidas")
def nao_entendidas() -> Any:
    """The texts not understood, most frequent first, with the guess and its confidence."""
    db = db_session()
    return render_template(
        "admin/nao_entendidas.html",
        rows=review.unrecognized(db, PAGE),
        total=review.unrecognized_total(db),
        page_size=PAGE,
    )


@bp.get("/nao-entendidas/exportar")
def nao_entendidas_exportar() -> Any:
    """The most frequent texts as YAML training examples, downloaded as a file."""
    now = utcnow()
    text = review.training_yaml(review.unrecognized(db_session(), EXPORT), now)
    name = f"nao-entendidas-{local_today():%Y-%m-%d}.yaml"
    return Response(
        text,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/nao-entendidas/excluir")
def nao_entendidas_excluir() -> Any:
    """Dismiss the ticked texts (reviewed, or of no use for training)."""
    values = request.form.getlist("id")[:EXPORT]
    ids = [int(value) for value in values if value.isascii() and value.isdigit()]
    removed = review.dismiss(db_session(), ids, actor()) if ids else 0
    if removed:
        flash(f"{removed} mensagem(ns) excluída(s).", "ok")
    else:
        flash("Nenhuma mensagem marcada.", "warn")
    return redirect(url_for("admin.nao_entendidas"))
