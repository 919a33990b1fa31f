"""The print batch of a competência: UCs that still need the paper invoice (docs/product.md).

A UC goes to print when it has no digital enrolment, or when any of its enrolments keeps
the printed copy ("Gerar cópia impressa"). Cancelled invoices are not printed.

After the invoices come the extra copies of the installment plans' contracts
(`installment_contract_extra_copies`, docs/product.md#installment-plans): every plan made
in the competência (São Paulo time), neither cancelled nor lapsed, gets that many rows, whatever
the UC's enrolments, named by the agreement PDF's file name (`acordo-<uc>-<plano>.pdf`, which
Parcelamentos downloads).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from itertools import chain
from typing import TextIO

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from billing.installments import add_months
from models import Enrollment, InstallmentPlan, Invoice, InvoiceStatus, PlanStatus, Unit
from services import settings
from services.core import formats
from services.core.clock import LOCAL_TZ

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


VOID_PLANS = (PlanStatus.CANCELLED, PlanStatus.LAPSED)


def contract_rows(session: Session, reference: str) -> Iterator[tuple[str, ...]]:
    """`installment_contract_extra_copies` rows for each plan made in the competência."""
    copies = settings.load(session).installment_contract_extra_copies
    if copies <= 0:
        return
    first = datetime.strptime(reference, "%Y-%m").replace(tzinfo=LOCAL_TZ)
    after = datetime.combine(add_months(first.date(), 1), first.time(), tzinfo=LOCAL_TZ)
    query = (
        select(InstallmentPlan)
        .where(InstallmentPlan.created_at >= first, InstallmentPlan.created_at < after)
        .where(InstallmentPlan.status.not_in(VOID_PLANS))
        .order_by(InstallmentPlan.id)
    )
    for plan in session.scalars(query):
        unit = plan.unit
        for n in range(1, copies + 1):
            yield (
                unit.uc,
                unit.consumer.name,
                unit.address or "",
                f"acordo-{unit.uc}-{plan.id}.pdf",
                str(plan.total),
                formats.day(plan.down_payment_due),
                f"cópia adicional do contrato de parcelamento ({n} de {copies})",
            )


def write_csv(session: Session, reference: str, out: TextIO) -> int:
    """Write the batch as CSV (header first); returns the number of rows (invoices and
    contract copies)."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in chain(rows(session, reference), contract_rows(session, reference)):
        writer.writerow(row)
        count += 1
    return count
