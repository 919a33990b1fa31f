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
Work is done in chunks with bulk statements (100,000 results in seconds).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from billing.debit_layout import DebitResult, reason
from models import Adjustment, DebitRequest, Invoice, InvoiceStatus
from services import settings
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
            Invoice.version,
        )
        .join(Invoice, Invoice.id == DebitRequest.invoice_id)
        .where(Invoice.key.in_(keys))
    ).all()
    found = {row.key: row for row in rows}
    requests, invoices, credits = [], [], []
    for result in chunk:
        row = found.pop(result.company_field, None)  # a second result of it is unknown
        if row is None or row.request_status != "requested":
            counts.unknown += 1
            log.warning("debit result answers no pending request (line %d)", result.line)
            continue
        requests.append(_request_values(row.id, result, file_id))
        if result.return_code == "99":
            counts.cancelled += 1
        elif not result.debited:
            counts.failed += 1
            counts.failed_request_ids.append(row.id)
        elif row.status is InvoiceStatus.OPEN:
            invoices.append(_paid_values(row, result, agent))
            counts.debited += 1
            counts.paid_ids.append(row.invoice_id)
        else:
            counts.paid_twice += 1
            if credit:
                credits.append(_credit(row, result))
    _write(session, requests, invoices, credits)


def _request_values(request_id: int, result: DebitResult, file_id: int) -> dict:
    """The request's new state."""
    code = result.return_code
    status = "debited" if result.debited else "cancelled" if code == "99" else "failed"
    return {
        "id": request_id,
        "status": status,
        "return_code": code,
        "reason": reason(code)[:120],
        "result_file_id": file_id,
        "result_on": result.debit_date,
    }


def _paid_values(row: object, result: DebitResult, agent: str) -> dict:
    """The invoice paid by the bank."""
    return {
        "id": row.invoice_id,  # type: ignore[attr-defined]
        "status": InvoiceStatus.PAID,
        "paid_at": result.debit_date,
        "credited_at": result.debit_date,
        "paid_amount": Decimal(result.amount_cents) / 100,
        "collection_agent": agent,
        "payment_channel": CHANNEL,
        "version": row.version + 1,  # type: ignore[attr-defined]
    }


def _credit(row: object, result: DebitResult) -> dict:
    """A credit for the next invoice: the bank debited an invoice already paid."""
    return {
        "unit_id": row.unit_id,  # type: ignore[attr-defined]
        "source_invoice_id": row.invoice_id,  # type: ignore[attr-defined]
        "amount": -Decimal(result.amount_cents) / 100,
        "reason": "débito automático de fatura já paga",
    }


def _write(session: Session, requests: list, invoices: list, credits: list) -> None:
    """Bulk UPDATEs by primary key and one INSERT batch."""
    if requests:
        session.execute(update(DebitRequest), requests)
    if invoices:
        session.execute(update(Invoice), invoices)
    if credits:
        session.execute(insert(Adjustment), credits)
