"""`fatura import-debit-return`: a bank's automatic-debit file (docs/product.md#automatic-debit).

Strict like the arrecadação return: a bad file is rejected whole and kept with its reason; a
file already imported (bank + convênio + sequence) changes nothing; a file dated on a closed
collection day is refused. B records opt UCs in or out (debit_options.apply_options); F
records settle the debit requests (debit_results.apply_results). Records C, H, J and X are
counted and reported, not acted on. Everything of one file is one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.debit_file import parse_debit_file
from billing.debit_layout import DebitFile as ParsedFile
from billing.debit_layout import DebitFileError
from models import DebitFile
from services.collection.closed_days import DayClosed, ensure_open
from services.collection.debit_options import apply_options
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
    options = apply_options(session, parsed.options, h.bank_code)
    summary.opt_ins, summary.opt_outs = options.opt_ins, options.opt_outs
    summary.unknown_ucs = options.unknown_ucs
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
