"""The payment view of an invoice: its codes while payable, or why none may be given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from billing import arrecadacao, boleto
from billing._digits import is_digits
from billing.competence import month_label
from billing.money import format_brl
from billing.pix import build_pix, pix_txid


@dataclass(frozen=True)
class InvoiceFacts:
    """What payment_for needs of an invoice; status in open|paid|cancelled|settled|consolidated."""

    number: int
    amount_cents: int
    due_date: date
    status: str
    reference: str
    plan: int | None = None  # the installment plan that holds (or settled) this invoice


@dataclass(frozen=True)
class CollectionParams:
    """The collection settings (docs/interfaces.md#settings) that shape payment codes."""

    barcode_type: str = "arrecadacao"
    company_code: str = "0000"
    segment: str = "3"
    value_id: str = "6"
    days_to_receive_after_due: int = 30
    min_settlement_cents: int = 0
    bank_code: str = "001"
    bank_convenio: str = ""
    bank_wallet: str = "17"
    pix_key: str = ""
    pix_merchant_name: str = ""
    pix_merchant_city: str = ""


@dataclass(frozen=True)
class PaymentCodes:
    """Codes a consumer may pay with until `payable_until` (inclusive)."""

    barcode: str
    digitable_line: str
    digitable_line_formatted: str
    pix: str | None
    payable_until: date


@dataclass(frozen=True)
class PaymentRefusal:
    """Why no code is given: paid|cancelled|below_minimum|payable_period_over|consolidated."""

    reason: str
    message: str
    plan: int | None = None  # set when the invoice's debt lives in an installment plan


def payable_until(due_date: date, days: int) -> date:
    """The last day a bank still accepts the code: due date + days to receive after due."""
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise ValueError(f"days must be a non-negative int, got {days!r}")
    return due_date + timedelta(days=days)


def _below_minimum(invoice: InvoiceFacts, minimum: int, month: str) -> PaymentRefusal | None:
    """Settled, zero/credit or below-minimum invoices are never charged to the consumer."""
    if invoice.amount_cents <= 0:
        return PaymentRefusal(
            "below_minimum",
            f"A fatura de {month} não tem valor a pagar. Você não precisa pagar nada.",
        )
    if invoice.status == "settled" or (0 < minimum and invoice.amount_cents < minimum):
        when = "já foi" if invoice.status == "settled" else "será"
        return PaymentRefusal(
            "below_minimum",
            f"O valor da fatura de {month} ({format_brl(invoice.amount_cents)}) está abaixo do "
            f"valor mínimo de cobrança e {when} quitado automaticamente. "
            "Você não precisa pagar nada.",
        )
    return None


def _in_plan(invoice: InvoiceFacts, month: str) -> PaymentRefusal:
    """An invoice an installment plan holds (entrada unpaid) or settled (entrada paid): it is
    paid through the plan's own codes, never ATUALIZAR (reason `consolidated` in both)."""
    if invoice.status == "settled":
        what, pay = "foi quitada pelo", "as parcelas"
    else:
        what, pay = "está no", "a entrada e as parcelas"
    return PaymentRefusal(
        "consolidated",
        f"A fatura de {month} {what} acordo de parcelamento nº {invoice.plan}: pague {pay} do "
        "acordo. Envie só BARRA para o código em aberto.",
        plan=invoice.plan,
    )


def _refusal(invoice: InvoiceFacts, params: CollectionParams, today: date) -> PaymentRefusal | None:
    """The first reason, in the order docs/payment-codes.md gives, why there is no payment code."""
    month = month_label(invoice.reference)
    if invoice.status == "paid":
        return PaymentRefusal(
            "paid", f"A fatura de {month} já está paga. Não é preciso pagar de novo."
        )
    if invoice.status == "cancelled":
        return PaymentRefusal(
            "cancelled", f"A fatura de {month} foi cancelada e não precisa ser paga."
        )
    if invoice.plan is not None and invoice.status in ("consolidated", "settled"):
        return _in_plan(invoice, month)
    if invoice.status == "consolidated":
        return PaymentRefusal(
            "consolidated",
            f"A fatura de {month} foi incluída em um débito atualizado. "
            "Para pagar, use o código do débito atualizado: envie ATUALIZAR para recebê-lo.",
        )
    below = _below_minimum(invoice, params.min_settlement_cents, month)
    if below is not None:
        return below
    last_day = payable_until(invoice.due_date, params.days_to_receive_after_due)
    if today > last_day:
        return PaymentRefusal(
            "payable_period_over",
            f"O prazo para pagar a fatura de {month} com este código terminou em "
            f"{last_day:%d/%m/%Y}. Envie ATUALIZAR para receber o débito atualizado, "
            "com multa e juros até hoje e um novo código de pagamento.",
        )
    return None


def _barcode(invoice: InvoiceFacts, params: CollectionParams) -> str:
    """The 44-digit barcode of the configured type."""
    if params.barcode_type == "arrecadacao":
        return arrecadacao.build_barcode(
            segment=params.segment,
            value_id=params.value_id,
            amount_cents=invoice.amount_cents,
            company_code=params.company_code,
            due_date=invoice.due_date,
            document_number=invoice.number,
        )
    if params.barcode_type == "boleto":
        if params.bank_code != boleto.BB_BANK_CODE:
            raise ValueError(f"boleto layout exists only for bank 001, got {params.bank_code!r}")
        if len(params.bank_convenio) != 7 or not is_digits(params.bank_convenio):
            raise ValueError(f"boleto needs a 7-digit convênio, got {params.bank_convenio!r}")
        return boleto.build_bb_barcode(
            amount_cents=invoice.amount_cents,
            due_date=invoice.due_date,
            convenio=params.bank_convenio,
            nosso_numero=invoice.number % 10**10,
            carteira=params.bank_wallet,
        )
    raise ValueError(f"barcode_type must be 'arrecadacao' or 'boleto', got {params.barcode_type!r}")


def _pix(invoice: InvoiceFacts, params: CollectionParams) -> str | None:
    """The PIX payload when a PIX key is configured, else None."""
    if not params.pix_key:
        return None
    return build_pix(
        key=params.pix_key,
        merchant_name=params.pix_merchant_name,
        merchant_city=params.pix_merchant_city,
        amount_cents=invoice.amount_cents,
        txid=pix_txid(invoice.reference, invoice.number % 10**10),
    )


def payment_for(
    invoice: InvoiceFacts, params: CollectionParams, today: date
) -> PaymentCodes | PaymentRefusal:
    """Payment codes for an invoice still payable on `today`, else the refusal to show."""
    refusal = _refusal(invoice, params, today)
    if refusal is not None:
        return refusal
    barcode = _barcode(invoice, params)
    module = boleto if params.barcode_type == "boleto" else arrecadacao
    return PaymentCodes(
        barcode=barcode,
        digitable_line=module.barcode_to_line(barcode),
        digitable_line_formatted=module.format_line(barcode),
        pix=_pix(invoice, params),
        payable_until=payable_until(invoice.due_date, params.days_to_receive_after_due),
    )
