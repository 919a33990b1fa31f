"""Envios: every delivery, filtered by UC, status and day, with its status timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template, request

from admin.blueprint import bp, get_or_404
from models import Delivery, DeliveryStatus
from services.core.runtime import db_session
from services.delivery.queries import BadQuery, base_query, filtered

PAGE = 100
STATUS_LABELS = {
    "pending": "Na fila",
    "held": "Aguardando autorização",
    "sending": "Enviando",
    "sent": "Enviado",
    "delivered": "Entregue",
    "read": "Lido",
    "failed": "Falhou",
    "undelivered": "Não entregue",
    "skipped": "Não enviado",
    "needs_review": "Revisar",
    "provider_call": "Chamada ao provedor",
    "recovered": "Recolocado na fila",
    "retry": "Nova tentativa",
    "released": "Liberado (fatura autorizada)",
    "sent_late": "Enviado (confirmado depois)",
}
KIND_LABELS = {
    "first_copy": "1ª via",
    "second_copy": "2ª via",
    "payment_slip": "Barra",
    "text": "Mensagem",
}


def _day(name: str) -> date | None:
    """A yyyy-mm-dd filter (what `<input type=date>` sends), or None when empty."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadQuery(f"data inválida: {raw[:12]}") from None


@bp.get("/envios")
def envios() -> Any:
    """The newest deliveries matching the filters."""
    args = request.args
    error, rows = None, []
    try:
        query = filtered(
            base_query(),
            uc=args.get("uc", ""),
            status=args.get("status", ""),
            since=_day("de"),
            until=_day("ate"),
        )
        rows = db_session().execute(query.limit(PAGE)).all()
    except BadQuery as exc:
        error = str(exc)
    page = render_template(
        "admin/envios.html",
        rows=rows,
        args=args,
        error=error,
        statuses=[s.value for s in DeliveryStatus],
        status_labels=STATUS_LABELS,
        kind_labels=KIND_LABELS,
        page_size=PAGE,
    )
    return page, 400 if error else 200


@bp.get("/envios/<int:delivery_id>")
def envio(delivery_id: int) -> Any:
    """One delivery: what, to whom (masked), and every status it went through."""
    return render_template(
        "admin/envio.html",
        delivery=get_or_404(Delivery, delivery_id),
        status_labels=STATUS_LABELS,
        kind_labels=KIND_LABELS,
    )
