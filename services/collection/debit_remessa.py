"""`fatura debit-file`: the company→bank automatic-debit file (docs/product.md#automatic-debit).

For one bank with an agreement (`direct_debit_banks`): an E record for every open invoice of a
UC opted in at that bank, that `direct_debit_filter` selects and that falls due from the file's
date to `direct_debit_days_before_due` days after it, and was never sent before; a D record
first for each of those UCs whose identification changed, while `direct_debit_record_d` is on.
The file takes the bank's next sequence number; it is kept (content, counts, total) so staff
can download it again. Nothing to send: no file, and the sequence is not used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from billing.debit_layout import (
    BANKS,
    REMESSA,
    DebitHeader,
    DebitRequest,
    IdChange,
    ascii_text,
    write_lines,
)
from models import DebitEnrollment, DebitFile, Invoice, InvoiceKind, InvoiceStatus
from models import DebitRequest as RequestRow
from services import settings
from services.collection import sequences
from services.collection.payment_view import cents
from services.core.batches import chunks
from services.settings import Settings

log = logging.getLogger(__name__)
CHUNK = 2000


class NoAgreement(ValueError):
    """The bank is not one of `direct_debit_banks`."""


@dataclass(frozen=True)
class GeneratedFile:
    """A debit file written and recorded."""

    file_id: int
    filename: str
    text: str
    sequence: int
    changes: int
    requests: int
    total: Decimal


def agreement_banks(values: Settings) -> list[str]:
    """The bank codes of `direct_debit_banks`, in order."""
    return [code.strip() for code in values.direct_debit_banks.split(",") if code.strip()]


def _selected(invoice_kind: InvoiceKind, extra: dict, rule: str) -> bool:
    """Whether `direct_debit_filter` puts an invoice of this kind in the file."""
    if rule == "all":
        return True
    if rule == "energy":
        return invoice_kind is InvoiceKind.ENERGY
    return not extra.get("updated_debt")  # energy_and_other: not an ATUALIZAR consolidation


def _invoices(session: Session, bank: str, day: date, values: Settings) -> list:
    """(invoice, enrollment) rows to debit, in due-date order."""
    already = select(RequestRow.invoice_id).where(RequestRow.invoice_id == Invoice.id)
    rule = values.direct_debit_filter
    query = (
        select(Invoice.id, Invoice.key, Invoice.kind, Invoice.due_date, Invoice.amount)
        .add_columns(DebitEnrollment.id.label("enrollment_id"))
        .join(DebitEnrollment, DebitEnrollment.unit_id == Invoice.unit_id)
        .where(
            DebitEnrollment.active.is_(True),
            DebitEnrollment.bank_code == bank,
            Invoice.status == InvoiceStatus.OPEN,
            Invoice.due_date >= day,
            Invoice.due_date <= day + timedelta(days=values.direct_debit_days_before_due),
            Invoice.amount > 0,
            ~already.exists(),
        )
        .order_by(Invoice.due_date, Invoice.id)
    )
    if rule == "energy":
        return session.execute(query.where(Invoice.kind == InvoiceKind.ENERGY)).all()
    if rule == "all":
        return session.execute(query).all()
    rows = session.execute(query.add_columns(Invoice.extra)).all()
    return [r for r in rows if _selected(r.kind, r.extra or {}, rule)]


def _changes(enrollments: list[DebitEnrollment], record_d: bool) -> list[IdChange]:
    """D records for changed identifications (applied to the enrolments), if the setting is on."""
    if not record_d:
        return []
    changes = []
    for e in enrollments:
        if e.pending_company_id and e.pending_company_id != e.company_id:
            occurrence = "ALTERACAO DA IDENTIFICACAO DO CONSUMIDOR"
            changes.append(
                IdChange(e.company_id, e.agency, e.account, e.pending_company_id, occurrence)
            )
            e.company_id, e.pending_company_id = e.pending_company_id, None
    return changes


def generate(session: Session, bank: str, day: date, actor: str) -> GeneratedFile | None:
    """Write and record the next debit file for `bank` (commits); None when nothing is due."""
    values = settings.load(session)
    if bank not in agreement_banks(values):
        raise NoAgreement(f"o banco {bank} não tem convênio de débito automático")
    rows = _invoices(session, bank, day, values)
    enrollments = {
        e.id: e
        for e in session.scalars(
            select(DebitEnrollment).where(
                DebitEnrollment.active.is_(True), DebitEnrollment.bank_code == bank
            )
        )
    }
    changed = [e for e in enrollments.values() if e.pending_company_id]
    if not rows and not (values.direct_debit_record_d and changed):
        return None
    changes = _changes(sorted(changed, key=lambda e: e.id), values.direct_debit_record_d)
    requests = [
        DebitRequest(
            company_id=enrollments[r.enrollment_id].company_id,
            agency=enrollments[r.enrollment_id].agency,
            account=enrollments[r.enrollment_id].account,
            due_date=r.due_date,
            amount_cents=cents(r.amount),
            company_field=r.key,
        )
        for r in rows
    ]
    return _record(session, bank, day, actor, values, changes, requests, rows)


def _record(
    session: Session,
    bank: str,
    day: date,
    actor: str,
    values: Settings,
    changes: list[IdChange],
    requests: list[DebitRequest],
    rows: list,
) -> GeneratedFile:
    """Take the sequence, lay the file out, keep it and one request row per invoice."""
    sequence = sequences.take_next(session, bank)
    header = DebitHeader(
        remessa_code=REMESSA,
        convenio=values.febraban_company_code,
        company=(values.issuer_name or "DISTRIBUIDORA")[:20],
        bank_code=bank,
        bank_name=ascii_text(BANKS.get(bank, f"BANCO {bank}")).upper(),
        file_date=day,
        sequence=sequence,
    )
    text = "".join(write_lines(header, changes, requests))
    total = Decimal(sum(r.amount_cents for r in requests)) / 100
    filename = f"DEB{bank}_{day:%Y%m%d}_{sequence:06d}.txt"
    row = DebitFile(
        direction="sent",
        status="generated",
        filename=filename,
        bank_code=bank,
        sequence=sequence,
        file_date=day,
        records=len(changes) + len(requests),
        total=total,
        counts={"D": len(changes), "E": len(requests)},
        content=text,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    for chunk in chunks(rows, CHUNK):  # bounded batches: 100,000 rows stay small in memory
        session.execute(
            insert(RequestRow.__table__),  # Core: no per-row ORM bookkeeping
            [
                {
                    "invoice_id": r.id,
                    "enrollment_id": r.enrollment_id,
                    "sent_file_id": row.id,
                    "amount": r.amount,
                    "status": "requested",
                }
                for r in chunk
            ],
        )
    session.commit()
    log.info("debit file %s: %d D, %d E", filename, len(changes), len(requests))
    return GeneratedFile(row.id, filename, text, sequence, len(changes), len(requests), total)
