"""GET /api/v1/unknown-payments: payments from return files that matched no invoice."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from api.blueprint import bp
from services.collection import unknown_payments as unknown
from services.core.runtime import db_session


@bp.get("/unknown-payments")
def unknown_payments() -> Any:
    """Every unknown payment, newest first, with the file it came in."""
    rows = unknown.newest(db_session(), 1000)
    return jsonify(
        {
            "items": [
                {
                    "id": u.id,
                    "barcode": u.barcode,
                    "amount": str(u.amount),
                    "paid_on": u.paid_on.isoformat(),
                    "credited_on": u.credited_on.isoformat(),
                    "agent": u.agent,
                    "channel": u.channel,
                    "reason": u.reason,
                    "file": filename,
                    "record": u.record_number,
                }
                for u, filename in rows
            ]
        }
    )
