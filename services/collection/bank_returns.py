"""`fatura import-return`: a bank's arrecadação return file marks invoices paid.

The file is parsed strictly first; a file with any bad record or a trailer that does not
match is rejected whole, kept (content and reason) and reported. A file already imported
(same bank, convênio and sequence) changes nothing. Each payment is matched to its invoice
by the number our barcodes carry; the invoice is marked paid with payment and credit dates,
collecting agent and channel, and amount. A different amount becomes a charge (paid less)
or a credit (paid more) for the UC's next invoice when `charge_return_difference` is on.
Payments that match no open invoice are kept in the unknown-documents list, never dropped.
Everything of one file is one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from billing.arrecadacao import parse as parse_arrecadacao
from billing.errors import InvalidCode
from billing.return_file import ReturnFileError, ReturnPayment, file_identity, parse_return
from models import Adjustment, Invoice, InvoiceStatus, ReturnFile, UnknownPayment
from services import settings
from services.collection import plan_payments
from services.collection.closed_days import is_closed
from services.core.batches import chunks
from services.core.formats import brl
from services.settings import Settings

log = logging.getLogger(__name__)
CHUNK = 1000


@dataclass
class ReturnSummary:
    """What an import did, for the operator."""

    filename: str
    status: str = "imported"  # imported | duplicate | rejected
    error: str | None = None
    records: int = 0
    paid: int = 0
    unknown: int = 0
    charges: int = 0
    credits: int = 0
    total: Decimal = Decimal("0.00")
    paid_ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary as printed by the command."""
        if self.status == "rejected":
            return [f"{self.filename}: REJECTED, nothing imported: {self.error}"]
        if self.status == "duplicate":
            return [f"{self.filename}: already imported, nothing changed"]
        return [
            f"{self.filename}: {self.records} payments, {brl(self.total)} — {self.paid} "
            f"invoices paid, {self.unknown} unknown documents, {self.charges} charges and "
            f"{self.credits} credits for next invoices"
        ]


MAX_INVOICE_ID = 2**31 - 1  # invoice.id is an INTEGER column: PostgreSQL refuses more


def _invoice_number(barcode: str, company: str) -> int | None:
    """Our invoice number from one of our arrecadação barcodes, else None (also for a number
    no invoice id can reach: a foreign or mistyped code is an unknown document, not a crash)."""
    try:
        code = parse_arrecadacao(barcode)
    except InvalidCode:
        return None
    number = code.document_number
    return number if code.company_code == company and 0 < number <= MAX_INVOICE_ID else None


def _reject(session: Session, filename: str, text: str, error: ReturnFileError) -> ReturnSummary:
    """Keep a rejected file and why."""
    session.add(ReturnFile(filename=filename, status="rejected", error=str(error), content=text))
    session.commit()
    log.warning("return file rejected: %s", error)
    return ReturnSummary(filename, status="rejected", error=str(error))


def import_return(session: Session, text: str, filename: str) -> ReturnSummary:
    """Import one return file (already decoded text)."""
    try:
        parsed = parse_return(text)
    except ReturnFileError as exc:
        return _reject(session, filename, text, exc)
    bank, convenio, sequence = file_identity(parsed.header)
    identity = f"{bank}:{convenio}:{sequence}"
    if session.scalar(select(ReturnFile.id).where(ReturnFile.identity == identity)):
        return ReturnSummary(filename, status="duplicate")
    header = parsed.header
    if is_closed(session, header.file_date):  # docs/product.md#closed-collection-day
        message = f"a arrecadação de {header.file_date:%d/%m/%Y} está fechada"
        return _reject(session, filename, text, ReturnFileError(None, message))
    row = ReturnFile(
        filename=filename,
        status="imported",
        identity=identity,
        bank_code=bank,
        convenio=convenio,
        sequence=sequence,
        file_date=header.file_date,
        records=len(parsed.payments),
        total=Decimal(parsed.trailer.total_cents) / 100,
    )
    session.add(row)
    session.flush()
    values = settings.load(session)
    context = _Context(
        row.id,
        f"{bank} {header.bank_name}".strip()[:60],
        values.febraban_company_code,
        values.charge_return_difference,
        ReturnSummary(filename, records=len(parsed.payments), total=row.total),
        values.updated_debt_agent or "DEBITO ATUALIZADO",
        values if plan_payments.any_live_plan(session) else None,
    )
    for chunk in chunks(parsed.payments, CHUNK):
        _apply_chunk(session, context, chunk)
    session.commit()
    log.info("return file %s imported: %d payments", identity, len(parsed.payments))
    return context.summary


@dataclass
class _Context:
    """What every payment of one file shares."""

    file_id: int
    agent: str
    company: str
    charge_difference: bool
    summary: ReturnSummary
    debt_agent: str = ""
    plan_values: Settings | None = None  # set when some installment plan may react


def _apply_chunk(session: Session, ctx: _Context, chunk: list[ReturnPayment]) -> None:
    """Match a chunk of payments, then write paid invoices, unknowns and adjustments in bulk."""
    numbers = {p.record_number: _invoice_number(p.barcode, ctx.company) for p in chunk}
    ids = {n for n in numbers.values() if n is not None}
    rows = (
        session.execute(
            select(
                Invoice.id,
                Invoice.status,
                Invoice.amount,
                Invoice.unit_id,
                Invoice.version,
                Invoice.kind,
                Invoice.reference,
            ).where(Invoice.id.in_(ids))
        ).all()
        if ids
        else []
    )
    invoices = {r.id: r for r in rows}
    paid, unknown, adjustments = [], [], []
    for payment in chunk:
        invoice = invoices.get(numbers[payment.record_number])
        amount = Decimal(payment.amount_cents) / 100
        if invoice is None or invoice.status is not InvoiceStatus.OPEN:
            reason = (
                "nenhuma fatura com este código"
                if invoice is None
                else f"fatura já {invoice.status.value}"
            )
            unknown.append(_unknown(ctx, payment, amount, reason))
            continue
        invoices.pop(invoice.id)  # a second payment of it in this file is unknown too
        paid.append(
            {
                "id": invoice.id,
                "status": InvoiceStatus.PAID,
                "paid_at": payment.paid_on,
                "credited_at": payment.credited_on,
                "paid_amount": amount,
                "collection_agent": ctx.agent,
                "payment_channel": payment.channel_label,
                "version": invoice.version + 1,
            }
        )
        if amount != invoice.amount and ctx.charge_difference:
            adjustments.append(_adjustment(ctx, invoice, amount))
    paid_ids = [row["id"] for row in paid]
    ctx.summary.paid_ids.extend(paid_ids)
    _write(session, paid, unknown, adjustments)
    if ctx.plan_values is not None:  # before the originals: a plan's have their own agent
        plan_payments.on_paid_rows(session, rows, paid_ids, chunk[0].paid_on, ctx.plan_values)
    _settle_originals(session, ctx, paid_ids, chunk[0].paid_on)
    ctx.summary.paid += len(paid)
    ctx.summary.unknown += len(unknown)


def _settle_originals(session: Session, ctx: _Context, paid_ids: list[int], day: date) -> None:
    """Invoices consolidated into a paid updated-debt invoice are paid through it."""
    if paid_ids:
        session.execute(
            update(Invoice)
            .where(
                Invoice.consolidated_into_id.in_(paid_ids),
                Invoice.status == InvoiceStatus.CONSOLIDATED,
            )
            .values(
                status=InvoiceStatus.PAID,
                paid_at=day,
                collection_agent=ctx.debt_agent,
                version=Invoice.version + 1,
            )
            .execution_options(synchronize_session=False)
        )


def _unknown(ctx: _Context, payment: ReturnPayment, amount: Decimal, reason: str) -> dict:
    """An unknown-documents row."""
    return {
        "return_file_id": ctx.file_id,
        "record_number": payment.record_number,
        "barcode": payment.barcode,
        "amount": amount,
        "paid_on": payment.paid_on,
        "credited_on": payment.credited_on,
        "agent": ctx.agent,
        "channel": payment.channel_label,
        "reason": reason,
    }


def _adjustment(ctx: _Context, invoice: object, amount: Decimal) -> dict:
    """The difference for the next invoice: paid less is a charge, paid more a credit."""
    difference = invoice.amount - amount  # type: ignore[attr-defined]
    if difference > 0:
        ctx.summary.charges += 1
    else:
        ctx.summary.credits += 1
    reason = "diferença paga a menor" if difference > 0 else "diferença paga a maior"
    return {
        "unit_id": invoice.unit_id,
        "source_invoice_id": invoice.id,  # type: ignore[attr-defined]
        "amount": difference,
        "reason": reason,
    }


def _write(
    session: Session, paid: list[dict], unknown: list[dict], adjustments: list[dict]
) -> None:
    """Bulk statements: an UPDATE by primary key (executemany) and two INSERT batches."""
    if paid:
        session.execute(update(Invoice), paid)
    if unknown:
        session.execute(insert(UnknownPayment), unknown)
    if adjustments:
        session.execute(insert(Adjustment), adjustments)
