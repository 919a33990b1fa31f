"""payment_for: refusals in their documented order, the payable window, boleto mode and PIX."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from billing import arrecadacao, boleto
from billing.payment import (
    CollectionParams,
    InvoiceFacts,
    PaymentCodes,
    PaymentRefusal,
    payable_until,
    payment_for,
)
from billing.pix import parse_pix, pix_txid

INVOICE = InvoiceFacts(
    number=123456789,
    amount_cents=24550,
    due_date=date(2026, 4, 15),
    status="open",
    reference="2026-04",
)
PARAMS = CollectionParams(company_code="0138")
PIX_PARAMS = replace(
    PARAMS,
    pix_key="12345678000195",
    pix_merchant_name="Distribuidora Energética",
    pix_merchant_city="Belo Horizonte",
)
TODAY = date(2026, 4, 10)


def refusal(invoice: InvoiceFacts, params: CollectionParams, today: date) -> PaymentRefusal:
    """payment_for, asserting it refused."""
    result = payment_for(invoice, params, today)
    assert isinstance(result, PaymentRefusal)
    return result


def codes(invoice: InvoiceFacts, params: CollectionParams, today: date) -> PaymentCodes:
    """payment_for, asserting it gave codes."""
    result = payment_for(invoice, params, today)
    assert isinstance(result, PaymentCodes)
    return result


def test_open_invoice_gets_the_reference_energy_barcode() -> None:
    """Company 0138, R$ 245,50, due 2026-04-15, number 123456789 → vector row 6."""
    result = codes(INVOICE, PARAMS, TODAY)
    assert result.barcode == "83680000002455001382026041500000000123456789"
    assert result.digitable_line == "836800000025455001382023604150000007001234567897"
    assert result.digitable_line_formatted == (
        "83680000002-5 45500138202-3 60415000000-7 00123456789-7"
    )
    assert (result.pix, result.payable_until) == (None, date(2026, 5, 15))
    assert arrecadacao.parse(result.barcode).document_number == INVOICE.number


@pytest.mark.parametrize(
    ("status", "reason", "words"),
    [
        ("paid", "paid", ["já está paga"]),
        ("cancelled", "cancelled", ["cancelada"]),
        ("consolidated", "consolidated", ["débito atualizado", "ATUALIZAR"]),
        ("settled", "below_minimum", ["mínimo", "quitad", "não precisa pagar"]),
    ],
)
def test_status_refusals(status: str, reason: str, words: list[str]) -> None:
    """Each status with its reason and a pt-BR sentence naming the month."""
    result = refusal(replace(INVOICE, status=status), PARAMS, TODAY)
    assert result.reason == reason
    assert "04/2026" in result.message
    for word in words:
        assert word in result.message


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("consolidated", ["está no acordo de parcelamento nº 42", "entrada e as parcelas"]),
        ("settled", ["quitada pelo acordo de parcelamento nº 42", "as parcelas do acordo"]),
    ],
)
def test_an_invoice_held_by_a_plan_points_to_the_plans_codes(status: str, words: list[str]) -> None:
    """Held by (or settled through) an installment plan: pay the plan, not ATUALIZAR; the
    reason stays `consolidated`, and the text fits one SMS segment."""
    result = refusal(replace(INVOICE, status=status, plan=42), PARAMS, date(2027, 1, 1))
    assert (result.reason, result.plan) == ("consolidated", 42)
    for word in [*words, "04/2026", "BARRA"]:
        assert word in result.message
    assert "ATUALIZAR" not in result.message and "mínimo" not in result.message
    assert len(result.message) <= 160


def test_order_of_checks() -> None:
    """Paid beats cancelled-like checks and the expired window; settled beats expiry."""
    late = date(2027, 1, 1)
    assert refusal(replace(INVOICE, status="paid"), PARAMS, late).reason == "paid"
    assert refusal(replace(INVOICE, status="consolidated"), PARAMS, late).reason == "consolidated"
    assert refusal(replace(INVOICE, status="settled"), PARAMS, late).reason == "below_minimum"


def test_below_minimum_amount() -> None:
    """Below the minimum: refused with the amount in R$; at the minimum: payable."""
    params = replace(PARAMS, min_settlement_cents=500)
    small = refusal(replace(INVOICE, amount_cents=499), params, TODAY)
    assert small.reason == "below_minimum"
    assert "R$ 4,99" in small.message and "será quitado" in small.message
    assert codes(replace(INVOICE, amount_cents=500), params, TODAY).barcode


@pytest.mark.parametrize("amount", [0, -500])
def test_nothing_to_pay(amount: int) -> None:
    """Zero or credit invoices are never charged, whatever the minimum."""
    result = refusal(replace(INVOICE, amount_cents=amount), PIX_PARAMS, TODAY)
    assert result.reason == "below_minimum"
    assert "não precisa pagar" in result.message


def test_zero_minimum_never_refuses_small_amounts() -> None:
    """With the minimum at 0 even R$ 0,01 gets a code."""
    assert codes(replace(INVOICE, amount_cents=1), PARAMS, TODAY).barcode


def test_payable_until_boundary() -> None:
    """The last payable day gives codes; the day after refuses with the date and ATUALIZAR."""
    params = replace(PARAMS, days_to_receive_after_due=10)
    assert payable_until(INVOICE.due_date, 10) == date(2026, 4, 25)
    assert codes(INVOICE, params, date(2026, 4, 25)).payable_until == date(2026, 4, 25)
    over = refusal(INVOICE, params, date(2026, 4, 26))
    assert over.reason == "payable_period_over"
    assert "25/04/2026" in over.message
    assert "débito atualizado" in over.message and "ATUALIZAR" in over.message


def test_zero_days_after_due() -> None:
    """With 0 days the due date itself is the last day."""
    params = replace(PARAMS, days_to_receive_after_due=0)
    assert codes(INVOICE, params, INVOICE.due_date).barcode
    assert refusal(INVOICE, params, date(2026, 4, 16)).reason == "payable_period_over"


def test_payable_until_rejects_negative_days() -> None:
    """A negative window is a configuration error."""
    with pytest.raises(ValueError, match="non-negative"):
        payable_until(INVOICE.due_date, -1)


def test_boleto_mode() -> None:
    """Banco do Brasil boleto: 47-digit line, nosso número = invoice number mod 10¹⁰."""
    params = replace(PARAMS, barcode_type="boleto", bank_convenio="1234567", bank_wallet="17")
    invoice = replace(INVOICE, number=98765432101234)
    result = codes(invoice, params, TODAY)
    parsed = boleto.parse(result.barcode, today=TODAY)
    assert (parsed.bank_code, parsed.amount_cents, parsed.due_date) == (
        "001",
        24550,
        INVOICE.due_date,
    )
    assert parsed.free_field == "000000" + "1234567" + "5432101234" + "17"
    assert len(result.digitable_line) == 47
    assert result.digitable_line_formatted == boleto.format_line(result.barcode)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bank_convenio": ""}, "7-digit convênio"),
        ({"bank_convenio": "123456"}, "7-digit convênio"),
        ({"bank_code": "237", "bank_convenio": "1234567"}, "only for bank 001"),
    ],
)
def test_boleto_mode_needs_a_bb_convenio(change: dict[str, str], message: str) -> None:
    """Without a 7-digit convênio (or for another bank) boleto mode is a configuration error."""
    params = replace(PARAMS, barcode_type="boleto", **change)
    with pytest.raises(ValueError, match=message):
        payment_for(INVOICE, params, TODAY)


def test_unknown_barcode_type() -> None:
    """Only arrecadacao and boleto exist."""
    with pytest.raises(ValueError, match="barcode_type"):
        payment_for(INVOICE, replace(PARAMS, barcode_type="pix"), TODAY)


def test_pix_when_a_key_is_configured() -> None:
    """PIX carries the amount and txid F + AAAAMM + number."""
    result = codes(INVOICE, PIX_PARAMS, TODAY)
    assert result.pix is not None
    pix = parse_pix(result.pix)
    assert (pix.amount_cents, pix.txid) == (24550, pix_txid("2026-04", INVOICE.number))
    assert (pix.merchant_name, pix.merchant_city) == ("Distribuidora Energetica", "Belo Horizonte")


def test_no_pix_when_key_empty() -> None:
    """An empty key turns PIX off."""
    assert codes(INVOICE, replace(PIX_PARAMS, pix_key=""), TODAY).pix is None


def test_refusals_carry_no_codes() -> None:
    """A refused invoice never exposes a barcode."""
    result = refusal(replace(INVOICE, status="paid"), PIX_PARAMS, TODAY)
    assert not hasattr(result, "barcode")
