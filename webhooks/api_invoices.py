"""GET /api/v1/invoices/<id>: the invoice with the payment codes valid today, or why none."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from sqlalchemy import select

from models import Invoice
from services import settings
from services.clock import local_today
from services.invoice_json import invoice_json
from services.payments import payment_json, payment_view
from services.runtime import db_session
from webhooks.api import bp
from webhooks.errors import json_error


@bp.get("/invoices/<path:key>")
def get_invoice(key: str) -> Any:
    """One invoice by the ERP's id."""
    session = db_session()
    invoice = session.scalar(select(Invoice).where(Invoice.key == key))
    if invoice is None:
        return json_error(404, "not_found", f"fatura {key} não encontrada")
    view = payment_view(invoice, settings.load(session), local_today())
    return jsonify(invoice_json(invoice, payment_json(view)))
