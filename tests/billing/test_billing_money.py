"""Money helpers: centavos in, Brazilian format out, no floats anywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.money import cents_to_str, format_brl, parse_amount


@pytest.mark.parametrize(
    ("text", "cents"),
    [("0", 0), ("0.00", 0), ("1234.56", 123456), ("1234.5", 123450), (" 7 ", 700), ("+3.01", 301)],
)
def test_parse_amount(text: str, cents: int) -> None:
    """Decimal strings with at most two decimals."""
    assert parse_amount(text) == cents


@pytest.mark.parametrize("bad", ["", "1.234", "1,50", "1.", ".5", "abc", "1e3", "١٢", "NaN"])
def test_parse_amount_rejects_malformed(bad: str) -> None:
    """Three decimals, comma decimals, exponents and non-ASCII digits are refused."""
    with pytest.raises(ValueError, match="at most 2 decimals"):
        parse_amount(bad)


@pytest.mark.parametrize("bad", [1.5, 2, Decimal("1.00"), None, b"1.00"])
def test_parse_amount_rejects_non_strings(bad: object) -> None:
    """Floats (and every other type) never reach the money code."""
    with pytest.raises(ValueError, match="decimal string"):
        parse_amount(bad)  # type: ignore[arg-type]


def test_negative_amounts() -> None:
    """Negatives only when allowed."""
    with pytest.raises(ValueError, match="must not be negative"):
        parse_amount("-1.00")
    assert parse_amount("-1.05", allow_negative=True) == -105


@pytest.mark.parametrize(
    ("cents", "brl", "plain"),
    [
        (0, "R$ 0,00", "0.00"),
        (5, "R$ 0,05", "0.05"),
        (123456, "R$ 1.234,56", "1234.56"),
        (123456789012, "R$ 1.234.567.890,12", "1234567890.12"),
        (-123456, "-R$ 1.234,56", "-1234.56"),
    ],
)
def test_formats(cents: int, brl: str, plain: str) -> None:
    """Consumer and machine formats."""
    assert format_brl(cents) == brl
    assert cents_to_str(cents) == plain


@pytest.mark.parametrize("bad", [1.0, True, "100"])
def test_formats_reject_non_int(bad: object) -> None:
    """Only int centavos are formatted."""
    with pytest.raises(ValueError, match="centavos must be an int"):
        format_brl(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="centavos must be an int"):
        cents_to_str(bad)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_cents_to_str_round_trips(cents: int) -> None:
    """cents_to_str and parse_amount are inverses."""
    assert parse_amount(cents_to_str(cents), allow_negative=True) == cents
