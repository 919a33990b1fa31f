"""What a DANF3e or payment slip shows, gathered from the models into one template context."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.itf import itf_png
from billing.nf3e import consultation_url, format_access_key
from billing.payment import PaymentCodes, PaymentRefusal
from billing.qr import qr_png
from billing.validation import mask_document
from models import Invoice, InvoiceKind
from services.core import formats
from services.documents.chart import consumption_chart
from services.documents.item_table import item_table
from services.settings import Settings

# The SVRS portal answers NF3e consultation QR codes for the states it authorises.
NF3E_PORTAL = "https://dfe-portal.svrs.rs.gov.br/nf3e/qrCode"


PIX_LINE = 56


def pix_lines(payload: str | None) -> list[str]:
    """The copia-e-cola cut into fixed lines: `word-break: break-all` is slow to lay out."""
    if not payload:
        return []
    return [payload[i : i + PIX_LINE] for i in range(0, len(payload), PIX_LINE)]


def consumption_history(session: Session, invoice: Invoice) -> list[tuple[str, int]]:
    """kWh of the UC's last 12 energy invoices up to this one's competência, oldest first."""
    rows = session.execute(
        select(Invoice.reference, Invoice.kwh)
        .where(
            Invoice.unit_id == invoice.unit_id,
            Invoice.kind == InvoiceKind.ENERGY,
            Invoice.reference <= invoice.reference,
            Invoice.kwh.is_not(None),
        )
        .order_by(Invoice.reference.desc())
        .limit(12)
    ).all()
    return [(formats.short_month(ref), kwh) for ref, kwh in reversed(rows)]


def _taxes(extra: dict[str, Any]) -> list[tuple[str, str]]:
    """Tax lines as the ERP sent them in `taxes` (name → amount or details)."""
    taxes = extra.get("taxes")
    if not isinstance(taxes, dict):
        return []
    lines = []
    for name, value in taxes.items():
        if isinstance(value, dict):
            value = " · ".join(f"{k}: {v}" for k, v in value.items())
        lines.append((str(name).upper(), _money_text(value)))
    return lines


def _money_text(value: Any) -> str:
    """A decimal string as R$ 1,23; anything else as given."""
    try:
        return formats.brl(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _nf3e(invoice: Invoice) -> dict[str, Any] | None:
    """The fiscal block, or None while the NF3e is not authorised."""
    if not invoice.authorized:
        return None
    return {
        "number": invoice.nf3e_number,
        "series": invoice.nf3e_series,
        "key": format_access_key(invoice.nf3e_access_key or ""),
        "protocol": invoice.nf3e_protocol,
        "authorized_at": invoice.nf3e_authorized_at,
    }


def _payment(view: PaymentCodes | PaymentRefusal, settings: Settings) -> dict[str, Any]:
    """The payment block: codes, or the reason there is nothing to pay."""
    if isinstance(view, PaymentRefusal):
        return {"refusal": view.message, "slip_message": settings.slip_message}
    return {
        "refusal": None,
        "line": view.digitable_line_formatted,
        "payable_until": view.payable_until,
        "pix": view.pix,
        "pix_lines": pix_lines(view.pix),
        "slip_message": settings.slip_message,
    }


def drawings(invoice: Invoice, view: PaymentCodes | PaymentRefusal) -> dict[str, bytes]:
    """The PNGs the templates show as `drawing:<name>`: ITF barcode, PIX and NF3e QR codes."""
    found = {}
    if isinstance(view, PaymentCodes):
        found["itf"] = itf_png(view.barcode)
        if view.pix:
            found["pix-qr"] = qr_png(view.pix)
    if invoice.authorized:
        found["nf3e-qr"] = qr_png(consultation_url(NF3E_PORTAL, invoice.nf3e_access_key or ""))
    return found


def document_context(
    session: Session,
    invoice: Invoice,
    *,
    second_copy_at: datetime | None,
    settings: Settings,
    view: PaymentCodes | PaymentRefusal,
    placeholders: bool = False,
) -> dict[str, Any]:
    """Everything the templates show; `placeholders` swaps drawings for empty boxes (bench)."""
    unit, consumer = invoice.unit, invoice.unit.consumer
    reading_days = None
    if invoice.reading_previous and invoice.reading_current:
        reading_days = (invoice.reading_current - invoice.reading_previous).days
    cosip = invoice.extra.get("cosip")
    return {
        "issuer": {
            "name": settings.issuer_name,
            "cnpj": formats.cnpj(settings.issuer_cnpj),
            "address": settings.issuer_address,
        },
        "consumer": {"name": consumer.name, "document": mask_document(consumer.document)},
        "unit": {"uc": unit.uc, "address": unit.address or ""},
        "invoice": invoice,
        "reading_days": reading_days,
        "items": item_table(invoice.items, invoice.amount),
        "taxes": _taxes(invoice.extra),
        "cosip": _money_text(cosip) if cosip else None,
        "nf3e": _nf3e(invoice),
        "plan_invoice": "installment_plan" in invoice.extra,  # no NF3e will ever come
        "payment": _payment(view, settings),
        "drawings": {} if placeholders else drawings(invoice, view),
        "chart": None if placeholders else consumption_chart(consumption_history(session, invoice)),
        "second_copy_at": second_copy_at,
        "placeholders": placeholders,
    }
