"""Upserting one parsed import record into the database, writing only what changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import (
    Consumer,
    ConsumerPhone,
    DebitEnrollment,
    Invoice,
    InvoiceItem,
    InvoiceKind,
    InvoiceStatus,
    Unit,
)
from services.collection.debit_identity import stage
from services.erp.import_schema import ConsumerRecord, InvoiceRecord, LineError, UnitRecord

INSERTED, UPDATED, UNCHANGED = "inserted", "updated", "unchanged"
FINAL_STATUSES = {InvoiceStatus.PAID, InvoiceStatus.SETTLED, InvoiceStatus.CONSOLIDATED}


def _assign(row: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def apply_consumer(session: Session, consumers: dict[str, Consumer], record: ConsumerRecord) -> str:
    """Insert or update a consumer and its phones."""
    values = {"name": record.name, "email": record.email, "extra": record.extra}
    consumer = consumers.get(record.document)
    if consumer is None:
        consumer = Consumer(document=record.document, **values)
        consumer.phones = [ConsumerPhone(phone=phone) for phone in record.phones]
        session.add(consumer)
        consumers[record.document] = consumer
        return INSERTED
    changed = _assign(consumer, values)
    if [p.phone for p in consumer.phones] != list(record.phones):
        consumer.phones = []
        session.flush()  # the unit of work inserts before it deletes: drop old rows first
        consumer.phones = [ConsumerPhone(phone=phone) for phone in record.phones]
        changed = True
    return UPDATED if changed else UNCHANGED


def apply_unit(
    session: Session, consumers: dict[str, Consumer], units: dict[str, Unit], record: UnitRecord
) -> str:
    """Insert or update a UC; its titular must exist in the database or an earlier line."""
    consumer = consumers.get(record.document)
    if consumer is None:
        raise LineError(f"unit {record.uc}: no consumer with that document was defined before")
    values = {"consumer": consumer, "address": record.address, "extra": record.extra}
    unit = units.get(record.uc)
    if unit is None:
        unit = Unit(uc=record.uc, **values)
        session.add(unit)
        units[record.uc] = unit
        return INSERTED  # not enrolled in automatic debit yet: debit_id has nothing to change
    renumbered = record.debit_id is not None and _debit_id(session, unit, record.debit_id)
    changed = _assign(unit, values)  # after: a refused debit_id leaves the UC as it was
    return UPDATED if changed or renumbered else UNCHANGED


def _debit_id(session: Session, unit: Unit, debit_id: str) -> bool:
    """The ERP renumbered the UC at the banks: staged for the next D record, audited; False
    when it is not enrolled or the id is the same."""
    enrollment = session.scalar(select(DebitEnrollment).where(DebitEnrollment.unit_id == unit.id))
    if enrollment is None:
        return False
    try:
        return stage(session, enrollment, unit.uc, debit_id, "erp")
    except ValueError as exc:  # another UC is known by it
        raise LineError(f"unit {unit.uc}: {exc}") from None


def _invoice_values(record: InvoiceRecord, unit: Unit) -> dict[str, Any]:
    """The invoice's columns as the record gives them."""
    nf3e = record.nf3e
    return {
        "unit": unit,
        "reference": record.reference,
        "kind": InvoiceKind(record.kind),
        "issue_date": record.issue_date,
        "due_date": record.due_date,
        "amount": record.amount,
        "kwh": record.kwh,
        "reading_previous": record.reading_previous,
        "reading_current": record.reading_current,
        "extra": record.extra,
        "nf3e_number": nf3e and nf3e.number,
        "nf3e_series": nf3e and nf3e.series,
        "nf3e_access_key": nf3e and nf3e.access_key,
        "nf3e_protocol": nf3e and nf3e.protocol,
        "nf3e_authorized_at": nf3e and nf3e.authorized_at,
    }


def _item_values(record: InvoiceRecord) -> list[dict[str, Any]]:
    """The record's item columns, numbered from 1."""
    return [
        {
            "position": n,
            "description": i.description,
            "quantity": i.quantity,
            "unit_price": i.unit_price,
            "amount": i.amount,
        }
        for n, i in enumerate(record.items, start=1)
    ]


def _items(record: InvoiceRecord) -> list[InvoiceItem]:
    """Item rows for the record, numbered from 1."""
    return [InvoiceItem(**values) for values in _item_values(record)]


def _same_items(invoice: Invoice, record: InvoiceRecord) -> bool:
    """True when the stored items equal the record's."""
    stored = [(i.description, i.quantity, i.unit_price, i.amount) for i in invoice.items]
    given = [(i.description, i.quantity, i.unit_price, i.amount) for i in record.items]
    return stored == given


def _next_status(current: InvoiceStatus, given: InvoiceStatus) -> InvoiceStatus:
    """The ERP may cancel or mark paid, but its `open` never reopens what we settled."""
    if given is InvoiceStatus.OPEN and current in FINAL_STATUSES:
        return current
    return given


@dataclass
class NewInvoice:
    """An invoice new to the database, inserted with the batch's others in one statement
    (an ORM object per row costs more than all the rest of an import)."""

    values: dict[str, Any]
    items: list[dict[str, Any]]


def apply_invoice(
    units: dict[str, Unit],
    invoices: dict[str, Invoice],
    record: InvoiceRecord,
    new: dict[str, NewInvoice],
    authorised: list[Invoice],
) -> str:
    """Insert or update an invoice and its items; a changed invoice gets a new version.

    New invoices go to `new`, keyed by their ERP id, for `insert_new_invoices` and issuance;
    updates that add the NF3e go to `authorised` (their held first copies are released).
    """
    unit = units.get(record.uc)
    if unit is None:
        raise LineError(f"invoice {record.key}: UC {record.uc} was not defined before")
    values = _invoice_values(record, unit)
    invoice = invoices.get(record.key)
    if invoice is None:
        return _apply_new(new, record, values)
    values["status"] = _next_status(invoice.status, InvoiceStatus(record.status))
    was_authorised = invoice.authorized
    changed = _assign(invoice, values)
    if invoice.authorized and not was_authorised:
        authorised.append(invoice)
    if not _same_items(invoice, record):
        invoice.items = _items(record)
        changed = True
    if changed:
        invoice.version += 1
    return UPDATED if changed else UNCHANGED


def _apply_new(new: dict[str, NewInvoice], record: InvoiceRecord, values: dict[str, Any]) -> str:
    """Keep a new invoice for the bulk insert; a repeat in the same batch replaces it."""
    pending = new.get(record.key)
    given = InvoiceStatus(record.status)
    values["status"] = given if pending is None else _next_status(pending.values["status"], given)
    candidate = NewInvoice(values, _item_values(record))
    new[record.key] = candidate
    if pending is None:
        return INSERTED
    return UNCHANGED if candidate == pending else UPDATED


def insert_new_invoices(session: Session, new: dict[str, NewInvoice]) -> list[int]:
    """Insert the batch's new invoices and their items (after a flush gives new UCs their
    ids); returns the invoices' ids."""
    if not new:
        return []
    session.flush()
    rows = [
        {"key": key, "unit_id": n.values["unit"].id, **_without_unit(n.values)}
        for key, n in new.items()
    ]
    # Core statements: the ORM's bulk insert goes row by row on psycopg (it wants RETURNING in
    # parameter order); Core's batches them, and the ids are matched by key.
    connection = session.connection()
    invoice = Invoice.__table__
    ids = dict(
        connection.execute(insert(invoice).returning(invoice.c.key, invoice.c.id), rows).all()
    )
    items = [{"invoice_id": ids[key], **item} for key, n in new.items() for item in n.items]
    if items:
        connection.execute(insert(InvoiceItem.__table__), items)
    return [ids[key] for key in new]


def _without_unit(values: dict[str, Any]) -> dict[str, Any]:
    """The columns but the `unit` relationship."""
    return {name: value for name, value in values.items() if name != "unit"}
