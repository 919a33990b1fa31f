"""Arrecadação barcode and line: every vector of docs/payment-codes.md and the negative cases."""

from __future__ import annotations

from datetime import date

import pytest

from billing import arrecadacao
from billing.errors import InvalidCode

# (barcode, formatted line) exactly as printed in docs/payment-codes.md.
VECTORS = [
    (
        "83860000005096000190000008017823000034306271",
        "83860000005-0 09600019000-9 00080178230-9 00034306271-2",
    ),
    (
        "83640000001331201380008128846271108013618155",
        "83640000001-1 33120138000-2 81288462711-6 08013618155-1",
    ),
    (
        "85890000460524601791606075930508683148300001",
        "85890000460-9 52460179160-5 60759305086-5 83148300001-0",
    ),
    (
        "84670000000109910422023123100000000000054321",
        "84670000000-9 10991042202-0 31231000000-4 00000054321-5",
    ),
    (
        "84910000000010010422023123100000000000054321",
        "84910000000-6 01001042202-9 31231000000-1 00000054321-7",
    ),
    (
        "83680000002455001382026041500000000123456789",
        "83680000002-5 45500138202-3 60415000000-7 00123456789-7",
    ),
]
ENERGY = VECTORS[5][0]
ENERGY_LINE = "836800000025455001382023604150000007001234567897"


def digits_of(formatted: str) -> str:
    """Strip the separators of a printed line."""
    return formatted.replace(" ", "").replace("-", "")


@pytest.mark.parametrize(("barcode", "formatted"), VECTORS)
def test_vector_barcode_to_line(barcode: str, formatted: str) -> None:
    """Barcode → line and its printed form, exactly as in the reference."""
    assert arrecadacao.barcode_to_line(barcode) == digits_of(formatted)
    assert arrecadacao.format_line(barcode) == formatted


@pytest.mark.parametrize(("barcode", "formatted"), VECTORS)
def test_vector_line_to_barcode(barcode: str, formatted: str) -> None:
    """Line (printed or bare digits) → barcode, and both parse to the same fields."""
    assert arrecadacao.line_to_barcode(formatted) == barcode
    assert arrecadacao.line_to_barcode(digits_of(formatted)) == barcode
    assert arrecadacao.parse(formatted) == arrecadacao.parse(barcode)
    assert arrecadacao.format_line(formatted) == formatted


def test_vector_fields_energy_with_due_date() -> None:
    """Row 6: energy, mod 10, R$ 245,50, company 0138, due 2026-04-15, number 123456789."""
    code = arrecadacao.parse(ENERGY)
    assert (code.segment, code.value_id, code.amount_cents) == ("3", "6", 24550)
    assert (code.company_code, code.due_date) == ("0138", date(2026, 4, 15))
    assert code.document_number == 123456789
    assert code.line == ENERGY_LINE
    assert code.reference_value is None


def test_vector_fields_amounts_and_companies() -> None:
    """Rows 1 and 2: R$ 509,60 company 0019; R$ 133,12 company 0138."""
    first, second = (arrecadacao.parse(VECTORS[i][0]) for i in (0, 1))
    assert (first.amount_cents, first.company_code) == (50960, "0019")
    assert (second.amount_cents, second.company_code, second.value_id) == (13312, "0138", "6")


def test_vector_row_one_is_mod_11_despite_its_note() -> None:
    """Row 1's value identifier is 8, so its digits are mod 11 (the table's note says mod 10)."""
    assert arrecadacao.parse(VECTORS[0][0]).value_id == "8"


def test_vector_free_field_without_a_date() -> None:
    """Row 3's free field does not start with a date: no due date, no document number."""
    code = arrecadacao.parse(VECTORS[2][0])
    assert (code.value_id, code.due_date, code.document_number) == ("8", None, None)
    assert code.free_field == "1606075930508683148300001"


def test_vector_due_date_in_free_field() -> None:
    """Row 4 carries 2023-12-31 in the free field."""
    code = arrecadacao.parse(VECTORS[3][0])
    assert code.due_date == date(2023, 12, 31)
    assert code.document_number == 54321


def test_vector_value_identifier_9_is_a_reference() -> None:
    """Row 5 (identifier 9): the value field is a reference, not an amount."""
    code = arrecadacao.parse(VECTORS[4][0])
    assert (code.value_id, code.amount_cents, code.reference_value) == ("9", None, 100)


def test_build_reproduces_the_energy_vector() -> None:
    """build_barcode with row 6's fields yields row 6."""
    barcode = arrecadacao.build_barcode(
        segment="3",
        value_id="6",
        amount_cents=24550,
        company_code="0138",
        due_date=date(2026, 4, 15),
        document_number=123456789,
    )
    assert barcode == ENERGY


def test_build_without_due_date_keeps_the_document_number() -> None:
    """No due date → zeros in the free field; the document number still comes back."""
    barcode = arrecadacao.build_barcode(
        segment="3",
        value_id="8",
        amount_cents=1,
        company_code="0000",
        due_date=None,
        document_number=42,
    )
    code = arrecadacao.parse(barcode)
    assert code.free_field == "0" * 23 + "42"
    assert (code.due_date, code.document_number) == (None, 42)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount_cents": 10**11}, "amount_cents must be between 0 and 99999999999"),
        ({"amount_cents": -1}, "amount_cents must be between"),
        ({"amount_cents": 1.5}, "amount_cents must be an int"),
        ({"amount_cents": True}, "amount_cents must be an int"),
        ({"company_code": "123"}, "company_code must be 4 digits"),
        ({"company_code": "12a4"}, "company_code must be 4 digits"),
        ({"segment": "0"}, "segment must be one digit 1-9"),
        ({"segment": "33"}, "segment must be one digit 1-9"),
        ({"value_id": "5"}, "value_id must be 6, 7, 8 or 9"),
        ({"document_number": 10**17}, "document_number must be between"),
        ({"due_date": "2026-04-15"}, "due_date must be a date"),
    ],
)
def test_build_validates_inputs(change: dict[str, object], message: str) -> None:
    """Out-of-range or ill-typed fields raise ValueError naming the field."""
    fields: dict[str, object] = {
        "segment": "3",
        "value_id": "6",
        "amount_cents": 100,
        "company_code": "0138",
        "due_date": date(2026, 4, 15),
        "document_number": 1,
    }
    with pytest.raises(ValueError, match=message):
        arrecadacao.build_barcode(**{**fields, **change})  # type: ignore[arg-type]


def reason_and_message(code: str) -> tuple[str, str]:
    """The reason and message parse() raises for `code`."""
    with pytest.raises(InvalidCode) as caught:
        arrecadacao.parse(code)
    assert isinstance(caught.value, ValueError)
    return caught.value.reason, str(caught.value)


@pytest.mark.parametrize("length", [0, 1, 43, 45, 47, 49])
def test_wrong_length(length: int) -> None:
    """Only 44 or 48 digits are accepted, and the message says how many came."""
    code = (ENERGY_LINE * 2)[:length]
    reason, message = reason_and_message(code)
    if length == 0:
        assert reason == "length"
    else:
        assert (reason, message) == ("length", f"expected 44 or 48 digits, got {length}")


@pytest.mark.parametrize("code", [ENERGY[:10] + "x" + ENERGY[11:], ENERGY[:-1] + "٣", "８" * 44])
def test_non_digits(code: str) -> None:
    """Letters and non-ASCII digits are refused with their position."""
    reason, message = reason_and_message(code)
    assert reason == "not_digits"
    assert "is not a digit" in message


def test_not_a_string() -> None:
    """An int is not a code."""
    with pytest.raises(InvalidCode, match="expected a string"):
        arrecadacao.parse(int(ENERGY))  # type: ignore[arg-type]


def test_separators_are_accepted() -> None:
    """Dots, dashes and spaces are ignored."""
    dotted = ".".join(ENERGY_LINE[i : i + 12] for i in range(0, 48, 12))
    assert arrecadacao.parse(f"  {dotted} ").barcode == ENERGY


@pytest.mark.parametrize("block", [1, 2, 3, 4])
def test_wrong_block_digit_names_the_block(block: int) -> None:
    """A wrong block digit in the line is reported for that block with both digits."""
    position = block * 12 - 1
    given = (int(ENERGY_LINE[position]) + 3) % 10
    line = ENERGY_LINE[:position] + str(given) + ENERGY_LINE[position + 1 :]
    reason, message = reason_and_message(line)
    expected = ENERGY_LINE[position]
    assert reason == "block_digit"
    assert message == f"block {block} check digit is {given}, expected {expected}"


def test_wrong_general_digit_in_barcode() -> None:
    """Position 4 of the barcode is checked over the other 43 digits."""
    reason, message = reason_and_message(ENERGY[:3] + "9" + ENERGY[4:])
    assert (reason, message) == ("general_digit", "general check digit is 9, expected 8")


def test_wrong_general_digit_in_line_with_consistent_block() -> None:
    """A line whose block 1 digit was recomputed still fails on the general digit."""
    block = ENERGY_LINE[:3] + "9" + ENERGY_LINE[4:11]
    line = block + str(arrecadacao.check_digit_function("6")(block)) + ENERGY_LINE[12:]
    reason, message = reason_and_message(line)
    assert (reason, message) == ("general_digit", "general check digit is 9, expected 8")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("7" + ENERGY[1:], "product identifier is 7, expected 8"),
        (ENERGY[:2] + "5" + ENERGY[3:], "value identifier is '5', expected 6, 7, 8 or 9"),
    ],
)
def test_wrong_product_or_value_identifier(code: str, message: str) -> None:
    """Product and value identifier are validated before any digit."""
    assert reason_and_message(code) == ("field", message)


@pytest.mark.parametrize("barcode", [ENERGY, VECTORS[1][0], VECTORS[0][0]])
def test_every_single_digit_change_of_a_vector_is_rejected(barcode: str) -> None:
    """Exhaustive for vectors whose digits cannot collide (mod 10, or mod 11 with DV ≠ 0).

    Changing position 3 across the 6/7 ↔ 8/9 families swaps the algorithm itself, so a
    change there may by chance produce another valid code; it is skipped here.
    """
    for code in (barcode, arrecadacao.parse(barcode).line):
        for index, original in enumerate(code):
            for digit in "0123456789".replace(original, ""):
                if index == 2 and (digit in "67") != (original in "67"):
                    continue
                with pytest.raises(InvalidCode):
                    arrecadacao.parse(code[:index] + digit + code[index + 1 :])


def test_barcode_to_line_refuses_a_line_and_vice_versa() -> None:
    """The one-way converters insist on their input length."""
    with pytest.raises(InvalidCode, match="expected 44 digits, got 48"):
        arrecadacao.barcode_to_line(ENERGY_LINE)
    with pytest.raises(InvalidCode, match="expected 48 digits, got 44"):
        arrecadacao.line_to_barcode(ENERGY)
