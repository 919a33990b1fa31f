"""The print batch of a competência: UCs that still need the paper invoice (docs/product.md).

A UC goes to print when it has no digital enrolment, or when any of its enrolments keeps
the printed copy ("Gerar cópia impressa"). Cancelled invoices are not printed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from models import Enrollment, Invoice, InvoiceStatus, Unit
from services.core import formats

COLUMNS = ("uc", "nome", "endereco", "fatura", "valor", "vencimento", "motivo")


def rows(session: Session, reference: str) -> Iterator[tuple[str, ...]]:
    """One row per invoice of the competência whose UC needs paper."""
    enrolled = exists().where(Enrollment.unit_id == Unit.id)
    printed = exists().where(Enrollment.unit_id == Unit.id, Enrollment.keep_printed.is_(True))
    query = (
        select(Invoice, Unit, enrolled.label("enrolled"))
        .join(Unit, Unit.id == Invoice.unit_id)
        .where(Invoice.reference == reference, Invoice.status != InvoiceStatus.CANCELLED)
        .where(~enrolled | printed)
        .order_by(Unit.uc, Invoice.key)
    )
    for invoice, unit, has_enrollment in session.execute(query):
        reason = "cópia impressa solicitada" if has_enrollment else "sem adesão ao envio digital"
        yield (
            unit.uc,
            unit.consumer.name,
            unit.address or "",
            invoice.key,
            str(invoice.amount),
            formats.day(invoice.due_date),
            reason,
        )


def write_csv(session: Session, reference: str, out: TextIO) -> int:
    """Write the batch as CSV (header first); returns the number of invoices."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows(session, reference):
        writer.writerow(row)
        count += 1
    return count
