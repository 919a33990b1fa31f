"""Boleto: vectors and factor dates of docs/payment-codes.md and the negative cases."""

from __future__ import annotations

from datetime import date

import pytest

from billing import boleto
from billing.errors import InvalidCode

VECTORS = [
    (
        "00193373700000001000500940144816060680935031",
        "00190.50095 40144.816069 06809.350314 3 37370000000100",
    ),
    (
        "10499898100000214032006561000100040099726390",
        "10492.00650 61000.100042 00997.263900 9 89810000021403",
    ),
]
BB, BB_LINE = VECTORS[0][0], VECTORS[0][1].replace(" ", "").replace(".", "")


@pytest.mark.parametrize(("barcode", "formatted"), VECTORS)
def test_vectors_both_directions(barcode: str, formatted: str) -> None:
    """Barcode ↔ line, printed exactly as in the reference."""
    digits = formatted.replace(" ", "").replace(".", "")
    assert boleto.barcode_to_line(barcode) == digits
    assert boleto.format_line(barcode) == formatted
    assert boleto.line_to_barcode(formatted) == barcode
    assert boleto.line_to_barcode(digits) == barcode
    assert boleto.format_line(digits) == formatted


def test_vector_fields() -> None:
    """Row 1: bank 001, factor 3737 = 2007-12-31, R$ 1,00."""
    code = boleto.parse(BB, today=date(2008, 1, 10))
    assert (code.bank_code, code.currency, code.due_factor) == ("001", "9", 3737)
    assert (code.due_date, code.amount_cents) == (date(2007, 12, 31), 100)
    assert code.free_field == "0500940144816060680935031"
    second = boleto.parse(VECTORS[1][0])
    assert (second.bank_code, second.amount_cents, second.due_factor) == ("104", 21403, 8981)


@pytest.mark.parametrize(
    ("day", "factor"),
    [
        (date(2026, 12, 21), 1667),
        (date(2007, 12, 31), 3737),
        (date(2025, 2, 21), 9999),
        (date(2025, 2, 22), 1000),
        (date(2000, 7, 3), 1000),
    ],
)
def test_due_factor(day: date, factor: int) -> None:
    """Factor vectors, including the 2025-02-22 restart at 1000."""
    assert boleto.due_factor(day) == factor
    assert boleto.factor_to_date(factor, day) == day


@pytest.mark.parametrize(
    ("factor", "today", "expected"),
    [
        (3737, date(2008, 1, 1), date(2007, 12, 31)),
        (9999, date(2025, 3, 1), date(2025, 2, 21)),
        (1000, date(2025, 2, 1), date(2025, 2, 22)),
        (1667, date(2026, 6, 1), date(2026, 12, 21)),
        (3737, date(2026, 6, 1), date(2032, 8, 21)),
    ],
)
def test_factor_to_date_picks_the_cycle_nearest_today(
    factor: int, today: date, expected: date
) -> None:
    """Factors repeat every 9000 days; the one nearest `today` wins."""
    assert boleto.factor_to_date(factor, today) == expected


@pytest.mark.parametrize("factor", [0, 999, 10000])
def test_factor_out_of_range(factor: int) -> None:
    """Factors below 1000 or above 9999 have no date."""
    with pytest.raises(ValueError, match="factor must be between 1000 and 9999"):
        boleto.factor_to_date(factor, date(2026, 1, 1))


def test_parse_without_today_uses_the_current_cycle() -> None:
    """Without `today`, factor 1667 is read in the cycle begun on 2025-02-22."""
    built = boleto.build_bb_barcode(
        amount_cents=12345,
        due_date=date(2026, 12, 21),
        convenio="1234567",
        nosso_numero=42,
        carteira="17",
    )
    assert boleto.parse(built).due_date == date(2026, 12, 21)


def test_factor_zero_means_no_due_date() -> None:
    """A boleto with factor 0000 has no due date."""
    body = "0019" + "0000" + "0000000100" + "0" * 25
    from billing.checkdigits import mod11_boleto

    barcode = body[:4] + str(mod11_boleto(body)) + body[4:]
    assert boleto.parse(barcode).due_date is None


def test_build_bb_layout() -> None:
    """Bank 001, currency 9, free field 000000 + convênio + nosso número (10) + carteira."""
    barcode = boleto.build_bb_barcode(
        amount_cents=24550,
        due_date=date(2026, 4, 15),
        convenio="1234567",
        nosso_numero=123456789,
        carteira="17",
    )
    assert barcode[:4] == "0019"
    assert barcode[5:19] == f"{boleto.due_factor(date(2026, 4, 15))}0000024550"
    assert barcode[19:] == "000000" + "1234567" + "0123456789" + "17"
    assert boleto.parse(barcode).barcode == barcode


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"convenio": "123456"}, "convenio must be 7 digits"),
        ({"convenio": ""}, "convenio must be 7 digits"),
        ({"carteira": "7"}, "carteira must be 2 digits"),
        ({"nosso_numero": 10**10}, "nosso_numero must be an int of at most 10 digits"),
        ({"amount_cents": 10**10}, "amount_cents must be between 0 and 9999999999"),
        ({"amount_cents": 1.0}, "amount_cents must be an int"),
        ({"due_date": None}, "due_date must be a date"),
    ],
)
def test_build_validates_inputs(change: dict[str, object], message: str) -> None:
    """Bad inputs raise ValueError naming the field."""
    fields: dict[str, object] = {
        "amount_cents": 100,
        "due_date": date(2026, 4, 15),
        "convenio": "1234567",
        "nosso_numero": 1,
        "carteira": "17",
    }
    with pytest.raises(ValueError, match=message):
        boleto.build_bb_barcode(**{**fields, **change})  # type: ignore[arg-type]


def failure(code: str) -> tuple[str, str]:
    """The reason and message boleto.parse raises."""
    with pytest.raises(InvalidCode) as caught:
        boleto.parse(code)
    return caught.value.reason, str(caught.value)


@pytest.mark.parametrize("length", [43, 45, 46, 48])
def test_wrong_length(length: int) -> None:
    """Only 44 or 47 digits."""
    assert failure((BB_LINE * 2)[:length]) == (
        "length",
        f"expected 44 or 47 digits, got {length}",
    )


def test_non_digits() -> None:
    """A letter is refused with its position."""
    assert failure(BB[:5] + "O" + BB[6:]) == (
        "not_digits",
        "character 'O' at position 6 is not a digit",
    )


@pytest.mark.parametrize(("field", "position"), [(1, 9), (2, 20), (3, 31)])
def test_wrong_field_digit_names_the_field(field: int, position: int) -> None:
    """Each mod-10 field digit of the line is named when wrong."""
    given = (int(BB_LINE[position]) + 1) % 10
    line = BB_LINE[:position] + str(given) + BB_LINE[position + 1 :]
    expected = BB_LINE[position]
    assert failure(line) == (
        "block_digit",
        f"field {field} check digit is {given}, expected {expected}",
    )


def test_wrong_general_digit() -> None:
    """The general digit (barcode position 5, line field 4) is checked."""
    assert failure(BB[:4] + "4" + BB[5:]) == (
        "general_digit",
        "general check digit is 4, expected 3",
    )
    line = BB_LINE[:32] + "0" + BB_LINE[33:]
    assert failure(line) == ("general_digit", "general check digit is 0, expected 3")


def test_wrong_amount_in_line_is_caught_by_the_general_digit() -> None:
    """Field 5 has no digit of its own; the general digit protects it."""
    line = BB_LINE[:-1] + "1"
    assert failure(line)[0] == "general_digit"
