"""The ERP's deliveries API: GET /api/v1/deliveries?uc=&invoice=&status=&limit= with histories."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from api.blueprint import bp
from api.errors import json_error
from models import Delivery, DeliveryMedium
from services.core.runtime import db_session
from services.delivery.queries import BadQuery, base_query, filtered

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
PHONE_MEDIA = (DeliveryMedium.WHATSAPP, DeliveryMedium.SMS)


@bp.get("/deliveries")
def list_deliveries() -> Any:
    """Deliveries newest first, each with its history oldest first (docs/interfaces.md#erp-api)."""
    try:
        limit = _limit(request.args.get("limit"))
        query = filtered(
            base_query(),
            uc=request.args.get("uc", ""),
            invoice=request.args.get("invoice", ""),
            status=request.args.get("status", ""),
        )
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
