"""Write-off by prescription (baixa por caducidade, docs/product.md#write-off-by-prescription).

Open invoices due more than `prescription_years` years ago are listed (filtered by UC,
competência and amount); staff pick some and they are settled with `prescription_agent` as
the collecting agent, amount received zero. Each write-off is audited and may be reversed
(the invoice reopens) until its collection day is closed, while `block_closed_day` is on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditLog, Invoice, InvoiceStatus, Unit
from services import settings
from services.collection.closed_days import ensure_open

log = logging.getLogger(__name__)
DEFAULT_AGENT = "CADUCIDADE"
LIMIT = 500


@dataclass(frozen=True)
class Filters:
    """What staff narrow the list by (all optional)."""

    uc: str = ""
    reference: str = ""
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None


def cutoff(today: date, years: int) -> date:
    """The same day `years` years ago (28 Feb for a 29 Feb)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def candidates(session: Session, today: date, filters: Filters = Filters()) -> list[Invoice]:
    """Open invoices old enough to be written off, oldest first (at most LIMIT)."""
    years = settings.load(session).prescription_years
    query = (
        select(Invoice)
        .join(Unit, Unit.id == Invoice.unit_id)
        .where(Invoice.status == InvoiceStatus.OPEN, Invoice.due_date < cutoff(today, years))
    )
    if filters.uc:
        query = query.where(Unit.uc == filters.uc)
    if filters.reference:
        query = query.where(Invoice.reference == filters.reference)
    if filters.min_amount is not None:
        query = query.where(Invoice.amount >= filters.min_amount)
    if filters.max_amount is not None:
        query = query.where(Invoice.amount <= filters.max_amount)
    return list(session.scalars(query.order_by(Invoice.due_date, Invoice.id).limit(LIMIT)))


def write_off(session: Session, ids: Iterable[int], actor: str, today: date) -> int:
    """Write off the chosen invoices that still qualify (audited; commits); returns how many."""
    values = settings.load(session)
    old = cutoff(today, values.prescription_years)
    done = 0
    for invoice in session.scalars(
        select(Invoice).where(
            Invoice.id.in_({int(i) for i in ids}),
            Invoice.status == InvoiceStatus.OPEN,
            Invoice.due_date < old,
        )
    ):
        invoice.status = InvoiceStatus.SETTLED
        invoice.paid_at = today
        invoice.paid_amount = Decimal("0.00")
        invoice.collection_agent = values.prescription_agent or DEFAULT_AGENT
        invoice.extra = {**invoice.extra, "prescribed": {"on": today.isoformat(), "by": actor}}
        invoice.version += 1
        session.add(_audit(actor, "invoice.prescription", invoice))
        done += 1
    session.commit()
    log.info("%d invoices written off by prescription by %s", done, actor)
    return done


def written_off(session: Session, limit: int = 100) -> list[Invoice]:
    """Invoices written off by prescription, newest first (for staff to review or reverse)."""
    query = (
        select(Invoice)
        .where(Invoice.status == InvoiceStatus.SETTLED, Invoice.paid_amount == Decimal("0.00"))
        .order_by(Invoice.paid_at.desc(), Invoice.id.desc())
    )
    return [i for i in session.scalars(query.limit(limit * 4)) if "prescribed" in i.extra][:limit]


def reverse(session: Session, invoice_id: int, actor: str) -> None:
    """Reopen a written-off invoice (DayClosed once its day is closed; audited; commits)."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or "prescribed" not in invoice.extra:
        raise LookupError("esta fatura não foi baixada por caducidade")
    ensure_open(session, date.fromisoformat(invoice.extra["prescribed"]["on"]), "estornar")
    invoice.status = InvoiceStatus.OPEN
    invoice.paid_at = invoice.paid_amount = invoice.collection_agent = None
    invoice.extra = {k: v for k, v in invoice.extra.items() if k != "prescribed"}
    invoice.version += 1
    session.add(_audit(actor, "invoice.prescription_reversed", invoice))
    session.commit()
    log.info("prescription write-off of invoice %d reversed by %s", invoice.id, actor)


def _audit(actor: str, action: str, invoice: Invoice) -> AuditLog:
    """An audit row about an invoice."""
    detail = {"reference": invoice.reference, "amount": str(invoice.amount)}
    return AuditLog(
        actor=actor, action=action, entity="invoice", entity_id=invoice.key, detail=detail
    )
