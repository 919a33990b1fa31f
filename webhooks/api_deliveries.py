"""The ERP's deliveries API: GET /api/v1/deliveries?uc=&invoice=&status=&limit= with histories."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, selectinload

from models import Delivery, DeliveryMedium, DeliveryStatus, Invoice, Unit
from services.runtime import db_session
from webhooks.api import bp
from webhooks.errors import json_error

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
PHONE_MEDIA = (DeliveryMedium.WHATSAPP, DeliveryMedium.SMS)
OWNER = aliased(Unit, name="owner")  # the delivery's unit, else its invoice's


class BadQuery(ValueError):
    """A query parameter the list cannot be filtered by."""


@bp.get("/deliveries")
def list_deliveries() -> Any:
    """Deliveries newest first, each with its history oldest first (CONTRACT.md §7)."""
    try:
        limit = _limit(request.args.get("limit"))
        query = _filtered(_base_query(), request.args)
    except BadQuery as exc:
        return json_error(400, "bad_request", str(exc))
    rows = db_session().execute(query.limit(limit)).all()
    return jsonify({"items": [delivery_json(d, key, uc) for d, key, uc in rows]})


def _limit(raw: str | None) -> int:
    """The page size: DEFAULT_LIMIT when absent, 1..MAX_LIMIT otherwise."""
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadQuery(f"limit deve ser um inteiro de 1 a {MAX_LIMIT}")
    return int(raw)


def _base_query() -> Select[Any]:
    """Each delivery with its invoice's ERP key and its UC (own unit, else the invoice's)."""
    return (
        select(Delivery, Invoice.key, OWNER.uc)
        .outerjoin(Invoice, Invoice.id == Delivery.invoice_id)
        .outerjoin(OWNER, OWNER.id == func.coalesce(Delivery.unit_id, Invoice.unit_id))
        .options(selectinload(Delivery.events))
        .order_by(Delivery.created_at.desc(), Delivery.id.desc())
    )


def _filtered(query: Select[Any], args: Any) -> Select[Any]:
    """Apply the uc, invoice and status filters given (unknown values match nothing)."""
    if args.get("uc"):
        query = query.where(OWNER.uc == args["uc"].strip())
    if args.get("invoice"):
        query = query.where(Invoice.key == args["invoice"].strip())
    if args.get("status"):
        try:
            status = DeliveryStatus(args["status"].strip())
        except ValueError as exc:
            raise BadQuery(f"status desconhecido: {args['status'][:20]}") from exc
        query = query.where(Delivery.status == status)
    return query


def destination_json(delivery: Delivery) -> str:
    """The destination as shown: phones in E.164, never with the `whatsapp:` prefix."""
    if delivery.medium in PHONE_MEDIA:
        return delivery.destination.removeprefix("whatsapp:")
    return delivery.destination


def delivery_json(delivery: Delivery, invoice_key: str | None, uc: str | None) -> dict[str, Any]:
    """One delivery in the contract's shape."""
    return {
        "id": delivery.id,
        "invoice_id": invoice_key,
        "uc": uc,
        "medium": delivery.medium.value,
        "destination": destination_json(delivery),
        "kind": delivery.kind.value,
        "status": delivery.status.value,
        "reason": delivery.reason,
        "provider_id": delivery.provider_id,
        "history": [
            {"status": event.status, "at": event.at.isoformat(), "code": event.code}
            for event in delivery.events
        ],
    }
