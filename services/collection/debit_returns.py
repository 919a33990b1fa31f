"""`fatura import-debit-return`: a bank's automatic-debit file (docs/product.md#automatic-debit).

Strict like the arrecadação return: a bad file is rejected whole and kept with its reason; a
file already imported (bank + convênio + sequence) changes nothing; a file dated on a closed
collection day is refused. B records opt UCs in or out; F records settle the debit requests
(debits.apply_results). Records C, H, J and X are counted and reported, not acted on.
Everything of one file is one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.debit_file import parse_debit_file
from billing.debit_layout import DebitFile as ParsedFile
from billing.debit_layout import DebitFileError, OptionRecord
from models import DebitEnrollment, DebitFile, Unit
from services.collection.closed_days import DayClosed, ensure_open
from services.collection.debit_results import ResultCounts, apply_results
from services.core.formats import brl

log = logging.getLogger(__name__)


@dataclass
class DebitReturnSummary:
    """What an import did, for the operator and the notices."""

    filename: str
    status: str = "imported"  # imported | duplicate | rejected
    error: str | None = None
    opt_ins: int = 0
    opt_outs: int = 0
    unknown_ucs: int = 0
    kept: int = 0
    results: ResultCounts = field(default_factory=ResultCounts)
    total: Decimal = Decimal("0.00")

    def lines(self) -> list[str]:
        """The summary as the command prints it."""
        if self.status == "rejected":
            return [f"{self.filename}: REJECTED, nothing imported: {self.error}"]
        if self.status == "duplicate":
            return [f"{self.filename}: already imported, nothing changed"]
        r = self.results
        return [
            f"{self.filename}: {self.opt_ins} opt-ins, {self.opt_outs} opt-outs, "
            f"{self.unknown_ucs} unknown UCs; {r.debited} invoices debited ({brl(self.total)}), "
            f"{r.failed} debits failed, {r.cancelled} cancelled, {r.unknown} unknown results, "
            f"{r.paid_twice} already paid (credited); {self.kept} other records kept"
        ]


def _reject(session: Session, filename: str, text: str, error: str) -> DebitReturnSummary:
    """Keep a rejected file and why (commits)."""
    session.add(
        DebitFile(
            direction="received",
            status="rejected",
            filename=filename[:255],
            error=error,
            content=text,
            created_by="import",
        )
    )
    session.commit()
    log.warning("debit return rejected: %s", error)
    return DebitReturnSummary(filename, status="rejected", error=error)


def import_debit_return(session: Session, text: str, filename: str) -> DebitReturnSummary:
    """Import one bank→company automatic-debit file (decoded text)."""
    try:
        parsed = parse_debit_file(text)
    except DebitFileError as exc:
        return _reject(session, filename, text, str(exc))
    h = parsed.header
    identity = f"debit:{h.bank_code}:{h.convenio}:{h.sequence}"
    if session.scalar(select(DebitFile.id).where(DebitFile.identity == identity)):
        return DebitReturnSummary(filename, status="duplicate")
    try:
        ensure_open(session, h.file_date, "processar um arquivo de retorno desse dia")
    except DayClosed as exc:
        return _reject(session, filename, text, str(exc))
    row = DebitFile(
        direction="received",
        status="imported",
        identity=identity,
        filename=filename[:255],
        bank_code=h.bank_code,
        sequence=h.sequence,
        file_date=h.file_date,
        records=parsed.record_count - 2,
        total=Decimal(parsed.total_cents) / 100,
        created_by="import",
    )
    session.add(row)
    session.flush()
    summary = DebitReturnSummary(filename, kept=len(parsed.others), total=row.total)
    _options(session, parsed, summary)
    agent = f"{h.bank_code} {h.bank_name}".strip()[:60]
    summary.results = apply_results(session, parsed.results, row.id, agent)
    row.counts = _counts(summary, parsed)
    session.commit()
    log.info("debit return %s imported: %d records", identity, row.records)
    return summary


def _counts(summary: DebitReturnSummary, parsed: ParsedFile) -> dict[str, int]:
    """The figures the admin page shows for a received file."""
    r = summary.results
    return {
        "B": len(parsed.options),
        "F": len(parsed.results),
        "outros": summary.kept,
        "adesoes": summary.opt_ins,
        "cancelamentos": summary.opt_outs,
        "debitados": r.debited,
        "falharam": r.failed,
        "desconhecidos": summary.unknown_ucs + r.unknown,
    }


def _options(session: Session, parsed: ParsedFile, summary: DebitReturnSummary) -> None:
    """Apply B records in file order: opt-ins create or update, opt-outs deactivate."""
    bank = parsed.header.bank_code
    for option in parsed.options:
        enrollment = session.scalar(
            select(DebitEnrollment).where(DebitEnrollment.company_id == option.company_id)
        )
        unit = enrollment.unit if enrollment else _unit(session, option.company_id)
        if unit is None:
            summary.unknown_ucs += 1
            log.warning("debit option for an unknown UC (line %d)", option.line)
            continue
        enrollment = enrollment or session.scalar(
            select(DebitEnrollment).where(DebitEnrollment.unit_id == unit.id)
        )
        if option.opt_in:
            _opt_in(session, enrollment, unit, option, bank)
            summary.opt_ins += 1
        elif enrollment is not None and enrollment.bank_code == bank:
            enrollment.active = False
            enrollment.cancelled_on = option.option_date
            summary.opt_outs += 1
        session.flush()


def _unit(session: Session, company_id: str) -> Unit | None:
    """The UC a bank's id at the company names."""
    return session.scalar(select(Unit).where(Unit.uc == company_id))


def _opt_in(
    session: Session,
    enrollment: DebitEnrollment | None,
    unit: Unit,
    option: OptionRecord,
    bank: str,
) -> None:
    """Create the UC's enrolment or move it to this bank and account."""
    if enrollment is None:
        enrollment = DebitEnrollment(unit_id=unit.id, company_id=option.company_id)
        session.add(enrollment)
    enrollment.bank_code = bank
    enrollment.agency = option.agency
    enrollment.account = option.account
    enrollment.company_id = option.company_id
    enrollment.active = True
    enrollment.opted_on = option.option_date
    enrollment.cancelled_on = None
