"""Upserting one parsed import record into the database, writing only what changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models import Consumer, ConsumerPhone, Invoice, InvoiceItem, InvoiceKind, InvoiceStatus, Unit
from services.import_schema import ConsumerRecord, InvoiceRecord, LineError, UnitRecord

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
        return INSERTED
    return UPDATED if _assign(unit, values) else UNCHANGED


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


def _items(record: InvoiceRecord) -> list[InvoiceItem]:
    """Item rows for the record, numbered from 1."""
    return [
        InvoiceItem(
            position=n,
            description=i.description,
            quantity=i.quantity,
            unit_price=i.unit_price,
            amount=i.amount,
        )
        for n, i in enumerate(record.items, start=1)
    ]


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


def apply_invoice(
    session: Session,
    units: dict[str, Unit],
    invoices: dict[str, Invoice],
    record: InvoiceRecord,
    new: list[Invoice],
    authorised: list[Invoice],
) -> str:
    """Insert or update an invoice and its items; a changed invoice gets a new version.

    New invoices go to `new` (issuance); updates that add the NF3e go to `authorised`
    (their held first copies are released).
    """
    unit = units.get(record.uc)
    if unit is None:
        raise LineError(f"invoice {record.key}: UC {record.uc} was not defined before")
    values = _invoice_values(record, unit)
    invoice = invoices.get(record.key)
    if invoice is None:
        invoice = Invoice(key=record.key, status=InvoiceStatus(record.status), **values)
        invoice.items = _items(record)
        session.add(invoice)
        invoices[record.key] = invoice
        new.append(invoice)
        return INSERTED
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
