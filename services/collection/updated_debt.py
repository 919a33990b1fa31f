"""Updated debt (débito atualizado, docs/product.md#collection): a UC's open invoices made one
invoice of kind `other`, with the fine and pro-rata interest up to today, due today, with a
fresh barcode and PIX. The originals are marked consolidated until it is paid (then they are
paid with `updated_debt_agent`) or reversed at day close (then they reopen).
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.debt import updated_total
from models import Invoice, InvoiceItem, InvoiceKind, InvoiceStatus, Unit, unit_by_uc
from services import settings
from services.collection.payment_view import cents

log = logging.getLogger(__name__)


def _money(value: int) -> Decimal:
    """Centavos to reais."""
    return Decimal(value) / 100


def is_updated_debt(invoice: Invoice) -> bool:
    """True for an invoice created by ATUALIZAR."""
    return bool(invoice.extra.get("updated_debt"))


def _existing(session: Session, unit: Unit, today: date) -> Invoice | None:
    """Today's still-open consolidated invoice of the UC, if ATUALIZAR was asked already."""
    for invoice in session.scalars(
        select(Invoice).where(
            Invoice.unit_id == unit.id,
            Invoice.status == InvoiceStatus.OPEN,
            Invoice.kind == InvoiceKind.OTHER,
            Invoice.due_date == today,
        )
    ):
        if is_updated_debt(invoice):
            return invoice
    return None


def _items(originals: list[Invoice], fine: int, interest: int, values: dict) -> list[InvoiceItem]:
    """Items named by the parameters: energy total, other invoices total, fine, interest."""
    energy = sum(cents(i.amount) for i in originals if i.kind is InvoiceKind.ENERGY)
    other = sum(cents(i.amount) for i in originals if i.kind is InvoiceKind.OTHER)
    lines = [
        (values.updated_debt_item_invoices, energy),
        (values.updated_debt_item_other, other),
        ("Multa", fine),
        ("Juros", interest),
    ]
    return [
        InvoiceItem(position=n, description=name, amount=_money(amount))
        for n, (name, amount) in enumerate((x for x in lines if x[1]), start=1)
    ]


def consolidate(session: Session, uc: str, today: date) -> Invoice | None:
    """The UC's updated-debt invoice for today (created once); None when nothing is open."""
    unit = unit_by_uc(session, uc)
    if unit is None:
        return None
    existing = _existing(session, unit, today)
    if existing is not None:
        return existing
    originals = list(
        session.scalars(
            select(Invoice)
            .where(Invoice.unit_id == unit.id, Invoice.status == InvoiceStatus.OPEN)
            .order_by(Invoice.reference)
        )
    )
    if not originals:
        return None
    values = settings.load(session)
    debt = updated_total(
        [(cents(i.amount), i.due_date) for i in originals],
        today,
        Decimal(values.late_fine_percent),
        Decimal(values.monthly_interest_percent),
    )
    invoice = Invoice(
        key=f"ATU-{uc}-{today:%Y%m%d}-{originals[0].id}",
        unit_id=unit.id,
        reference=f"{today:%Y-%m}",
        kind=InvoiceKind.OTHER,
        issue_date=today,
        due_date=today,
        amount=_money(debt.total_cents),
        status=InvoiceStatus.OPEN,
        extra={"updated_debt": True, "originals": [i.key for i in originals]},
        items=_items(originals, debt.fine_cents, debt.interest_cents, values),
    )
    session.add(invoice)
    session.flush()
    for original in originals:
        original.status = InvoiceStatus.CONSOLIDATED
        original.consolidated_into_id = invoice.id
        original.version += 1
    log.info("UC consolidated: %d invoices into invoice %d", len(originals), invoice.id)
    return invoice


def close_day(session: Session, day: date) -> int:
    """Day close: reverse unpaid updated-debt invoices due by `day`; originals reopen (commits)."""
    if not settings.load(session).reverse_at_day_close:
        return 0
    reversed_count = 0
    for invoice in session.scalars(
        select(Invoice).where(
            Invoice.status == InvoiceStatus.OPEN,
            Invoice.kind == InvoiceKind.OTHER,
            Invoice.due_date <= day,
        )
    ):
        if not is_updated_debt(invoice):
            continue
        invoice.status = InvoiceStatus.CANCELLED
        invoice.extra = {**invoice.extra, "reversed_on": day.isoformat()}
        for original in session.scalars(
            select(Invoice).where(Invoice.consolidated_into_id == invoice.id)
        ):
            original.status = InvoiceStatus.OPEN
            original.consolidated_into_id = None
            original.version += 1
        reversed_count += 1
    session.commit()
    if reversed_count:
        log.info("day close %s: %d updated-debt invoices reversed", day, reversed_count)
    return reversed_count
