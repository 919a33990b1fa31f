"""Property tests: build → parse round trips and single-digit-change detection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from billing import arrecadacao, boleto
from billing.errors import InvalidCode

FAST = settings(max_examples=200, deadline=None, database=None)
EXHAUSTIVE = settings(max_examples=20, deadline=None, database=None)

amounts = st.integers(min_value=0, max_value=9_999_999_999)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
company_codes = st.integers(min_value=0, max_value=9999).map(lambda n: f"{n:04d}")
document_numbers = st.integers(min_value=0, max_value=10**17 - 1)


@st.composite
def arrecadacao_codes(draw: st.DrawFn, value_ids: str = "6789") -> tuple[str, dict[str, object]]:
    """A built barcode and the fields it was built from."""
    fields: dict[str, object] = {
        "segment": draw(st.sampled_from("123456789")),
        "value_id": draw(st.sampled_from(value_ids)),
        "amount_cents": draw(amounts),
        "company_code": draw(company_codes),
        "due_date": draw(st.none() | dates),
        "document_number": draw(document_numbers),
    }
    return arrecadacao.build_barcode(**fields), fields  # type: ignore[arg-type]


@FAST
@given(arrecadacao_codes())
def test_arrecadacao_round_trip(built: tuple[str, dict[str, object]]) -> None:
    """Barcode and line parse back to the fields they were built from, for 6/7/8/9."""
    barcode, fields = built
    code = arrecadacao.parse(barcode)
    by_amount = fields["value_id"] in "68"
    assert code.amount_cents == (fields["amount_cents"] if by_amount else None)
    assert code.reference_value == (None if by_amount else fields["amount_cents"])
    assert (code.segment, code.value_id) == (fields["segment"], fields["value_id"])
    assert code.company_code == fields["company_code"]
    assert code.due_date == fields["due_date"]
    assert code.document_number == fields["document_number"]
    assert len(code.barcode) == 44 and len(code.line) == 48
    assert arrecadacao.parse(code.line) == code
    assert arrecadacao.parse(arrecadacao.format_line(barcode)) == code
    assert arrecadacao.line_to_barcode(arrecadacao.barcode_to_line(barcode)) == barcode


def mutations(code: str) -> list[tuple[int, str, str]]:
    """Every (position, new digit, code) changing exactly one digit to each other digit."""
    return [
        (index, digit, code[:index] + digit + code[index + 1 :])
        for index, original in enumerate(code)
        for digit in "0123456789"
        if digit != original
    ]


def accepted(parse: Callable[[str], object], code: str) -> list[tuple[int, str]]:
    """(position, new digit) of the single-digit changes of `code` that still parse."""
    found = []
    for index, digit, mutated in mutations(code):
        try:
            parse(mutated)
        except InvalidCode:
            continue
        found.append((index, digit))
    return found


def switches_algorithm(code: str, index: int, digit: str) -> bool:
    """True when the change turns value identifier 6/7 into 8/9 or back (mod 10 ↔ mod 11)."""
    return index == 2 and (digit in "67") != (code[2] in "67")


@EXHAUSTIVE
@given(arrecadacao_codes(value_ids="67"))
def test_arrecadacao_mod10_single_digit_changes_are_rejected(
    built: tuple[str, dict[str, object]],
) -> None:
    """Mod 10 catches every single-digit change except a switch of algorithm at position 3."""
    barcode, _ = built
    for code in (barcode, arrecadacao.parse(barcode).line):
        for index, digit in accepted(arrecadacao.parse, code):
            assert switches_algorithm(code, index, digit)


@EXHAUSTIVE
@given(arrecadacao_codes(value_ids="89"))
def test_arrecadacao_mod11_single_digit_changes_are_rejected(
    built: tuple[str, dict[str, object]],
) -> None:
    """Mod 11 maps remainders 0 and 1 both to 0, so only codes with digit 0 can miss a change."""
    barcode, _ = built
    line = arrecadacao.parse(barcode).line
    for index, digit in accepted(arrecadacao.parse, barcode):
        assert switches_algorithm(barcode, index, digit) or barcode[3] == "0"
    for index, digit in accepted(arrecadacao.parse, line):
        block_digit = line[index // 12 * 12 + 11]
        assert switches_algorithm(line, index, digit) or (block_digit == barcode[3] == "0")


@st.composite
def bb_boletos(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A built Banco do Brasil barcode and its fields."""
    fields: dict[str, object] = {
        "amount_cents": draw(amounts),
        "due_date": draw(st.dates(min_value=date(2000, 7, 3), max_value=date(2099, 12, 31))),
        "convenio": draw(st.integers(0, 9_999_999).map(lambda n: f"{n:07d}")),
        "nosso_numero": draw(st.integers(0, 10**10 - 1)),
        "carteira": draw(st.integers(0, 99).map(lambda n: f"{n:02d}")),
    }
    return boleto.build_bb_barcode(**fields), fields  # type: ignore[arg-type]


@FAST
@given(bb_boletos(), st.integers(min_value=-4499, max_value=4499))
def test_boleto_round_trip(built: tuple[str, dict[str, object]], offset: int) -> None:
    """Amount, due date (seen from within half a cycle) and free field come back."""
    barcode, fields = built
    due = fields["due_date"]
    assert isinstance(due, date)
    code = boleto.parse(barcode, today=due + timedelta(days=offset))
    assert (code.bank_code, code.currency) == ("001", "9")
    assert code.amount_cents == fields["amount_cents"]
    assert code.due_date == due
    nosso_numero = fields["nosso_numero"]
    assert code.free_field == f"000000{fields['convenio']}{nosso_numero:010d}{fields['carteira']}"
    assert boleto.parse(code.line, today=due) == boleto.parse(barcode, today=due)
    assert boleto.line_to_barcode(boleto.format_line(barcode)) == barcode


@EXHAUSTIVE
@given(bb_boletos())
def test_boleto_single_digit_changes_are_rejected(built: tuple[str, dict[str, object]]) -> None:
    """Only boletos whose general digit is 1 (remainders 0, 1, 10) can miss a change.

    In the line, fields 1-3 carry their own mod-10 digit, so a miss can only be in field 5.
    """
    barcode, _ = built
    line = boleto.parse(barcode).line
    for _index, _digit in accepted(boleto.parse, barcode):
        assert barcode[4] == "1"
    for index, _digit in accepted(boleto.parse, line):
        assert index >= 33 and barcode[4] == "1"
