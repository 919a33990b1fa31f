"""F records: each debit result settles the request it answers (by the invoice id we sent in
the E record's company field).

- `00` (and `31`, debited on another date): the invoice is paid on the debit date with the
  bank as collecting agent; a debit of an invoice already paid otherwise becomes a credit for
  the UC's next invoice (when `charge_return_difference` is on) and is counted as paid twice.
- `99` (cancelled as we asked): the request is cancelled; the invoice stays open.
- any other code: the request failed, with the code and a readable reason; the invoice stays
  open and its payment code is offered again (services.delivery.debit_notices tells the
  consumer).

A result that answers no request we sent is counted as unknown and logged, never guessed at.
Work is done in chunks of 1,000 results: one SELECT, then one UPDATE per set of equal new
values (a few per chunk), so 100,000 results take seconds (bench/debit.py).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from billing.debit_layout import DEBITED_CODES, DebitResult, reason
from models import Adjustment, DebitRequest, Invoice, InvoiceStatus
from services import settings
from services.collection.payment_view import cents
from services.core.batches import chunks

log = logging.getLogger(__name__)
CHUNK = 1000
CHANNEL = "débito automático"


@dataclass
class ResultCounts:
    """What the F records did; ids for the paid confirmations and the failure notices."""

    debited: int = 0
    failed: int = 0
    cancelled: int = 0
    unknown: int = 0
    paid_twice: int = 0
    paid_ids: list[int] = field(default_factory=list)
    failed_request_ids: list[int] = field(default_factory=list)


def apply_results(
    session: Session, results: Sequence[DebitResult], file_id: int, agent: str
) -> ResultCounts:
    """Settle every request these results answer (no commit)."""
    counts = ResultCounts()
    credit = settings.load(session).charge_return_difference
    for chunk in chunks(results, CHUNK):
        _chunk(session, chunk, file_id, agent, credit, counts)
    return counts


def _chunk(
    session: Session,
    chunk: list[DebitResult],
    file_id: int,
    agent: str,
    credit: bool,
    counts: ResultCounts,
) -> None:
    """One chunk: look requests up by invoice key, then write in bulk."""
    keys = {r.company_field for r in chunk}
    rows = session.execute(
        select(
            DebitRequest.id,
            DebitRequest.status.label("request_status"),
            Invoice.id.label("invoice_id"),
            Invoice.key,
            Invoice.status,
            Invoice.unit_id,
            Invoice.amount,
        )
        .join(Invoice, Invoice.id == DebitRequest.invoice_id)
        .where(Invoice.key.in_(keys))
    ).all()
    found = {row.key: row for row in rows}
    batch = _Batch()
    for result in chunk:
        row = found.pop(result.company_field, None)  # a second result of it is unknown
        if row is None or row.request_status != "requested":
            counts.unknown += 1
            log.warning("debit result answers no pending request (line %d)", result.line)
            continue
        batch.requests[(result.return_code, result.debit_date)].append(row.id)
        if result.return_code == "99":
            counts.cancelled += 1
        elif not result.debited:
            counts.failed += 1
            counts.failed_request_ids.append(row.id)
        elif row.status is InvoiceStatus.OPEN:
            same = result.amount_cents == cents(row.amount)  # the usual case
            paid = None if same else Decimal(result.amount_cents) / 100
            batch.invoices[(result.debit_date, paid)].append(row.invoice_id)
            counts.debited += 1
            counts.paid_ids.append(row.invoice_id)
        else:
            counts.paid_twice += 1
            if credit:
                batch.credits.append(_credit(row, result))
    batch.write(session, file_id, agent)


@dataclass
class _Batch:
    """A chunk's writes, ids grouped by their new values: requests by (return code, date),
    invoices by (debit date, amount paid when not the invoice's own)."""

    requests: dict[tuple[str, date], list[int]] = field(default_factory=lambda: defaultdict(list))
    invoices: dict[tuple[date, Decimal | None], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    credits: list[dict] = field(default_factory=list)

    def write(self, session: Session, file_id: int, agent: str) -> None:
        """One UPDATE per group (a chunk has a few codes and dates) and one INSERT batch:
        the database does the per-row work, not Python."""
        for (code, on), ids in self.requests.items():
            _update(session, DebitRequest, ids, _request_values(code, on, file_id))
        invoice = Invoice.__table__.c
        for (on, paid), ids in self.invoices.items():
            values = {"status": InvoiceStatus.PAID, "paid_at": on, "credited_at": on,
                      "paid_amount": invoice.amount if paid is None else paid,
                      "collection_agent": agent, "payment_channel": CHANNEL,
                      "version": invoice.version + 1}  # fmt: skip
            _update(session, Invoice, ids, values)
        if self.credits:
            session.execute(insert(Adjustment), self.credits)


def _update(session: Session, model: type, ids: list[int], values: dict) -> None:
    """UPDATE these rows of `model` by id (Core: no ORM objects are loaded or kept)."""
    table = model.__table__  # type: ignore[attr-defined]
    session.execute(update(table).where(table.c.id.in_(ids)).values(values))


def _request_values(code: str, on: date, file_id: int) -> dict:
    """The requests' new state after a result with this code."""
    status = "debited" if code in DEBITED_CODES else "cancelled" if code == "99" else "failed"
    return {
        "status": status,
        "return_code": code,
        "reason": reason(code)[:120],
        "result_file_id": file_id,
        "result_on": on,
    }


def _credit(row: object, result: DebitResult) -> dict:
    """A credit for the next invoice: the bank debited an invoice already paid."""
    return {
        "unit_id": row.unit_id,  # type: ignore[attr-defined]
        "source_invoice_id": row.invoice_id,  # type: ignore[attr-defined]
        "amount": -Decimal(result.amount_cents) / 100,
        "reason": "débito automático de fatura já paga",
    }
