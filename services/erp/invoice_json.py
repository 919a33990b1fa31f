"""An invoice as the ERP API shows it (docs/interfaces.md): import fields, status, payment."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from models import Invoice, InvoiceItem


def _text(value: Decimal | None) -> str | None:
    """Decimals travel as strings."""
    return None if value is None else str(value)


def _day(value: date | None) -> str | None:
    """Dates travel as YYYY-MM-DD."""
    return None if value is None else value.isoformat()


def _moment(value: datetime | None) -> str | None:
    """Timestamps travel as ISO 8601 with offset."""
    return None if value is None else value.isoformat()


def _item(item: InvoiceItem) -> dict[str, Any]:
    """One item as imported."""
    return {
        "description": item.description,
        "quantity": _text(item.quantity),
        "unit_price": _text(item.unit_price),
        "amount": _text(item.amount),
    }


def _nf3e(invoice: Invoice) -> dict[str, Any] | None:
    """The NF3e authorisation, or None while not authorised."""
    if not invoice.authorized:
        return None
    return {
        "number": invoice.nf3e_number,
        "series": invoice.nf3e_series,
        "access_key": invoice.nf3e_access_key,
        "protocol": invoice.nf3e_protocol,
        "authorized_at": _moment(invoice.nf3e_authorized_at),
    }


def invoice_json(invoice: Invoice, payment: dict[str, Any]) -> dict[str, Any]:
    """The API's invoice object; extras the ERP sent come back where they do not collide."""
    reading = None
    if invoice.reading_previous and invoice.reading_current:
        reading = {
            "previous": _day(invoice.reading_previous),
            "current": _day(invoice.reading_current),
        }
    body: dict[str, Any] = {
        "id": invoice.key,
        "uc": invoice.unit.uc,
        "reference": invoice.reference,
        "kind": invoice.kind.value,
        "issue_date": _day(invoice.issue_date),
        "due_date": _day(invoice.due_date),
        "amount": _text(invoice.amount),
        "status": invoice.status.value,
        "kwh": invoice.kwh,
        "reading": reading,
        "items": [_item(item) for item in invoice.items],
        "nf3e": _nf3e(invoice),
        "paid_at": _day(invoice.paid_at),
        "collection_agent": invoice.collection_agent,
        "version": invoice.version,
        "payment": payment,
    }
    return {**{k: v for k, v in invoice.extra.items() if k not in body}, **body}
