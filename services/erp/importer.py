"""`fatura import`: streams JSON Lines, upserts consumers, units and invoices in batches.

Memory stays constant: lines are read one at a time and applied in batches; each batch
preloads the rows its keys name (three IN queries), applies the records in line order (so a
reference to a later line is refused: docs/interfaces.md#import-format), commits and forgets them.
Upserts compare before writing, so re-importing a file changes nothing.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Consumer, Invoice, Unit
from services.erp.import_apply import (
    NewInvoice,
    apply_consumer,
    apply_invoice,
    apply_unit,
    insert_new_invoices,
)
from services.erp.import_records import parse_line
from services.erp.import_schema import ConsumerRecord, InvoiceRecord, LineError, Record, UnitRecord

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
ErrorSink = Callable[[int, str], None]


@dataclass
class ImportReport:
    """What an import did: counts per record type and outcome, failed lines, new invoices."""

    counts: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    new_invoice_ids: list[int] = field(default_factory=list)
    authorised_invoice_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the operator, e.g. `invoice: 3 inserted, 1 unchanged; 1 line failed`."""
        parts = []
        for kind in ("consumer", "unit", "invoice"):
            outcomes = [
                f"{self.counts[f'{kind}.{o}']} {o}"
                for o in ("inserted", "updated", "unchanged")
                if self.counts[f"{kind}.{o}"]
            ]
            if outcomes:
                parts.append(f"{kind}: " + ", ".join(outcomes))
        parts.append(f"{self.failed} line{'s' if self.failed != 1 else ''} failed")
        return "; ".join(parts)


def import_lines(
    session: Session, lines: Iterable[str], on_error: ErrorSink, batch_size: int = BATCH_SIZE
) -> ImportReport:
    """Import every line; bad lines go to `on_error(line_number, reason)` and are skipped."""
    report = ImportReport()
    batch: list[tuple[int, Record]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            batch.append((number, parse_line(line)))
        except LineError as exc:
            _fail(report, on_error, number, str(exc))
        if len(batch) >= batch_size:
            _apply_batch(session, batch, report, on_error)
            batch = []
    if batch:
        _apply_batch(session, batch, report, on_error)
    return report


def import_record(session: Session, record: Record) -> ImportReport:
    """Upsert one already-parsed record (the ERP API's path); LineError if it is refused."""
    report = ImportReport()
    errors: list[str] = []
    _apply_batch(session, [(1, record)], report, lambda n, reason: errors.append(reason))
    if errors:
        raise LineError(errors[0])
    return report


def _fail(report: ImportReport, on_error: ErrorSink, number: int, reason: str) -> None:
    """Count and report one bad line."""
    report.failed += 1
    on_error(number, reason)


@dataclass
class BatchIndex:
    """The rows a batch's records name, loaded up front and kept current as records apply."""

    consumers: dict[str, Consumer]
    units: dict[str, Unit]
    invoices: dict[str, Invoice]


def _load_index(session: Session, batch: list[tuple[int, Record]]) -> BatchIndex:
    """Fetch existing consumers, units and invoices named anywhere in the batch."""
    documents = {r.document for _, r in batch if isinstance(r, ConsumerRecord | UnitRecord)}
    ucs = {r.uc for _, r in batch if isinstance(r, UnitRecord | InvoiceRecord)}
    keys = {r.key for _, r in batch if isinstance(r, InvoiceRecord)}
    consumers = (
        session.scalars(
            select(Consumer)
            .where(Consumer.document.in_(documents))
            .options(selectinload(Consumer.phones))
        )
        if documents
        else []
    )
    units = session.scalars(select(Unit).where(Unit.uc.in_(ucs))) if ucs else []
    invoices = (
        session.scalars(
            select(Invoice).where(Invoice.key.in_(keys)).options(selectinload(Invoice.items))
        )
        if keys
        else []
    )
    return BatchIndex(
        consumers={c.document: c for c in consumers},
        units={u.uc: u for u in units},
        invoices={i.key: i for i in invoices},
    )


def _apply_batch(
    session: Session, batch: list[tuple[int, Record]], report: ImportReport, on_error: ErrorSink
) -> None:
    """Apply a batch's records in order, commit once, and release the loaded objects."""
    index = _load_index(session, batch)
    new_invoices: dict[str, NewInvoice] = {}
    authorised: list[Invoice] = []
    for number, record in batch:
        try:
            outcome = _apply(session, index, record, new_invoices, authorised)
        except LineError as exc:
            _fail(report, on_error, number, str(exc))
            continue
        report.counts[f"{_kind(record)}.{outcome}"] += 1
    new_ids = insert_new_invoices(session, new_invoices)
    session.commit()
    report.new_invoice_ids.extend(new_ids)
    report.authorised_invoice_ids.extend(invoice.id for invoice in authorised)
    session.expunge_all()
    log.info("import batch of %d records committed", len(batch))


def _kind(record: Record) -> str:
    """consumer, unit or invoice."""
    return {ConsumerRecord: "consumer", UnitRecord: "unit", InvoiceRecord: "invoice"}[type(record)]


def _apply(
    session: Session,
    index: BatchIndex,
    record: Record,
    new: dict[str, NewInvoice],
    authorised: list[Invoice],
) -> str:
    """Upsert one record against the index; returns inserted, updated or unchanged."""
    if isinstance(record, ConsumerRecord):
        return apply_consumer(session, index.consumers, record)
    if isinstance(record, UnitRecord):
        return apply_unit(session, index.consumers, index.units, record)
    return apply_invoice(index.units, index.invoices, record, new, authorised)
