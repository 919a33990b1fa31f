"""The payment view of a stored invoice: the pure billing rules fed from models and settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import object_session

from billing.payment import (
    CollectionParams,
    InvoiceFacts,
    PaymentCodes,
    PaymentRefusal,
    payment_for,
)
from models import Invoice
from services.settings import Settings


def cents(amount: Decimal) -> int:
    """Reais (Decimal with two places) to integer centavos."""
    return int(amount * 100)


def collection_params(settings: Settings) -> CollectionParams:
    """The collection parameters the billing rules need, from the distributor's settings."""
    return CollectionParams(
        barcode_type=settings.barcode_type,
        company_code=settings.febraban_company_code,
        segment=settings.barcode_segment,
        days_to_receive_after_due=settings.days_to_receive_after_due,
        min_settlement_cents=cents(Decimal(settings.min_settlement_amount)),
        bank_code=settings.bank_code,
        bank_convenio=settings.bank_convenio,
        bank_wallet=settings.bank_wallet,
        pix_key=settings.pix_key,
        pix_merchant_name=settings.pix_merchant_name,
        pix_merchant_city=settings.pix_merchant_city,
    )


def holding_plan(invoice: Invoice | Row[Any]) -> int | None:
    """The installment plan whose entrada this invoice was consolidated into (it stays so once
    settled by the plan), from a model or from a row with a `holder_extra` column."""
    if isinstance(invoice, Invoice):
        session = object_session(invoice)
        held = invoice.consolidated_into_id
        holder = session.get(Invoice, held) if held is not None and session is not None else None
        extra = holder.extra if holder is not None else None
    else:
        extra = getattr(invoice, "holder_extra", None)
    plan = (extra or {}).get("installment_plan")
    return plan if isinstance(plan, int) else None


def invoice_facts(invoice: Invoice | Row[Any]) -> InvoiceFacts:
    """What the billing rules need to know about an invoice (a model or a selected row)."""
    return InvoiceFacts(
        number=invoice.id,
        amount_cents=cents(invoice.amount),
        due_date=invoice.due_date,
        status=invoice.status.value,
        reference=invoice.reference,
        plan=holding_plan(invoice),
    )


def payment_view(
    invoice: Invoice, settings: Settings, today: date
) -> PaymentCodes | PaymentRefusal:
    """The codes a consumer may pay this invoice with today, or why none may be given."""
    return payment_for(invoice_facts(invoice), collection_params(settings), today)


def payment_json(view: PaymentCodes | PaymentRefusal) -> dict[str, str | None]:
    """The `payment` object of the invoice JSON (docs/interfaces.md#erp-api)."""
    if isinstance(view, PaymentRefusal):
        return {"refused": view.reason, "message": view.message}
    return {
        "barcode": view.barcode,
        "digitable_line": view.digitable_line,
        "digitable_line_formatted": view.digitable_line_formatted,
        "pix": view.pix,
        "payable_until": view.payable_until.isoformat(),
    }
