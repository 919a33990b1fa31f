"""The ERP's invoice API: POST upserts one invoice (a new one is an issuance), GET shows it
with the payment codes valid today, or why none may be given."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask import Response, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.blueprint import bp
from api.errors import json_error
from billing.validation import InvalidValue
from models import Invoice
from services import settings
from services.collection.payment_view import payment_json, payment_view
from services.core.clock import local_today
from services.core.runtime import current, db_session
from services.erp.after_import import after_import
from services.erp.import_invoice import parse_invoice
from services.erp.import_schema import LineError
from services.erp.importer import import_record
from services.erp.invoice_json import invoice_json
from workers.jobs import enqueue_deliveries


@bp.post("/invoices")
def post_invoice() -> Any:
    """Upsert one invoice record (an import record, `type` optional): 201 created, 200 updated."""
    try:
        data = json.loads(request.get_data(as_text=True) or "null", parse_float=Decimal)
    except json.JSONDecodeError as exc:
        return json_error(400, "invalid_json", f"JSON inválido: {exc.msg}")
    if not isinstance(data, dict) or data.pop("type", "invoice") != "invoice":
        return json_error(400, "invalid_json", "o corpo deve ser um objeto de fatura")
    session = db_session()
    try:
        record = parse_invoice(data)
        report = import_record(session, record)
    except (LineError, InvalidValue) as exc:
        session.rollback()
        return json_error(422, "invalid_invoice", str(exc))
    enqueue_deliveries(current().queue, after_import(session, report))
    invoice = session.scalar(select(Invoice).where(Invoice.key == record.key))
    assert invoice is not None
    created = report.counts["invoice.inserted"] == 1
    return _invoice_response(session, invoice), 201 if created else 200


@bp.get("/invoices/<path:key>")
def get_invoice(key: str) -> Any:
    """One invoice by the ERP's id."""
    session = db_session()
    invoice = session.scalar(select(Invoice).where(Invoice.key == key))
    if invoice is None:
        return json_error(404, "not_found", f"fatura {key} não encontrada")
    return _invoice_response(session, invoice)


def _invoice_response(session: Session, invoice: Invoice) -> Response:
    """The invoice with the payment codes valid today (or why none may be given)."""
    view = payment_view(invoice, settings.load(session), local_today())
    return jsonify(invoice_json(invoice, payment_json(view)))
