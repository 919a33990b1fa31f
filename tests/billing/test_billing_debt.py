"""Fine and pro rata die interest (docs/payment-codes.md) against hand-computed cases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from billing.debt import (
    DEFAULT_FINE_PERCENT,
    DEFAULT_MONTHLY_INTEREST_PERCENT,
    DebtLine,
    fine_and_interest,
    updated_total,
)

TWO, ONE = Decimal("2"), Decimal("1")


def owed(
    amount: int, due: date, today: date, fine: Decimal = TWO, monthly: Decimal = ONE
) -> tuple[int, int]:
    """Shorthand for fine_and_interest, 2 % fine and 1 % a month unless given."""
    return fine_and_interest(
        amount, due, today, fine_percent=fine, monthly_interest_percent=monthly
    )


def test_defaults_are_the_spec_rates() -> None:
    """The product rule: 2 % fine and 1 % a month unless configured otherwise."""
    assert (DEFAULT_FINE_PERCENT, DEFAULT_MONTHLY_INTEREST_PERCENT) == (TWO, ONE)


def test_thirty_days_late() -> None:
    """R$ 100,00 thirty days late: R$ 2,00 fine, R$ 1,00 interest."""
    # Due 2026-10-10, paid 2026-11-09: 21 + 9 = 30 days late.
    # fine = 10000 × 2 % = 200 → R$ 2,00; interest = 10000 × 1 % / 30 × 30 = 100 → R$ 1,00.
    assert owed(10000, date(2026, 10, 10), date(2026, 11, 9)) == (200, 100)


def test_fifteen_days_late_rounds_up() -> None:
    """R$ 245,50 fifteen days late: R$ 4,91 fine, R$ 1,23 interest."""
    # Due 2026-10-25, today 2026-11-09: 6 + 9 = 15 days. fine = 24550 × 0.02 = 491 → R$ 4,91;
    # interest = 24550 × 0.01 / 30 × 15 = 122.75 centavos (R$ 1,2275) → 123 → R$ 1,23.
    assert owed(24550, date(2026, 10, 25), date(2026, 11, 9)) == (491, 123)


def test_exactly_half_a_centavo_goes_up() -> None:
    """ROUND_HALF_UP, not banker's rounding, at exactly half a centavo."""
    # R$ 245,00, 15 days late: interest = 24500 × 0.01 / 30 × 15 = 122.5 → 123 (half-even: 122);
    # fine = 24500 × 0.02 = 490.
    # R$ 125,25, 1 day late: fine = 12525 × 0.02 = 250.5 → 251 (half-even: 250);
    # interest = 12525 × 0.01 / 30 × 1 = 4.175 → 4.
    assert owed(24500, date(2026, 10, 25), date(2026, 11, 9)) == (490, 123)
    assert owed(12525, date(2026, 11, 8), date(2026, 11, 9)) == (251, 4)


def test_just_below_half_goes_down() -> None:
    """Below half a centavo rounds down."""
    # R$ 100,00, 10 days late: interest = 10000 × 0.01 / 30 × 10 = 33.33… → 33; fine 200.
    assert owed(10000, date(2026, 10, 30), date(2026, 11, 9)) == (200, 33)


def test_thirty_day_month_convention() -> None:
    """Pro rata die over a 30-day month, whatever the calendar month length."""
    # 2026-01-31 → 2026-03-02 is 28 (February 2026) + 2 = 30 days → one month: 10000 × 1 % = 100.
    # 2026-01-01 → 2026-03-04 is 31 + 28 + 3 = 62 days → 10000 × 0.01 / 30 × 62 = 206.67 → 207.
    assert owed(10000, date(2026, 1, 31), date(2026, 3, 2)) == (200, 100)
    assert owed(10000, date(2026, 1, 1), date(2026, 3, 4)) == (200, 207)


@pytest.mark.parametrize("today", [date(2026, 10, 10), date(2026, 10, 1)])
def test_nothing_due_on_or_before_due_date(today: date) -> None:
    """today <= due date: no fine, no interest."""
    assert owed(10000, date(2026, 10, 10), today) == (0, 0)


def test_configured_percentages() -> None:
    """Configured rates replace 2 % / 1 %, including zero."""
    # 0 % / 0 % → nothing; 0 % fine / 1 % → interest only (30 days: 100).
    # 10 % / 3.3 % for 20 days on R$ 50,00: fine = 5000 × 0.10 = 500;
    # interest = 5000 × 0.033 / 30 × 20 = 110.
    due, today = date(2026, 10, 10), date(2026, 11, 9)
    zero = Decimal("0")
    assert owed(10000, due, today, zero, zero) == (0, 0)
    assert owed(10000, due, today, zero, ONE) == (0, 100)
    assert owed(5000, due, date(2026, 10, 30), Decimal("10"), Decimal("3.3")) == (500, 110)


def test_zero_amount() -> None:
    """Nothing owed on nothing."""
    assert owed(0, date(2026, 10, 10), date(2026, 11, 9)) == (0, 0)


@pytest.mark.parametrize(
    ("amount", "due", "fine"),
    [
        (-1, date(2026, 1, 1), TWO),
        (100.0, date(2026, 1, 1), TWO),
        (True, date(2026, 1, 1), TWO),
        (100, date(2026, 1, 1), 2.0),
        (100, date(2026, 1, 1), Decimal("-1")),
        (100, date(2026, 1, 1), Decimal("NaN")),
        (100, datetime(2026, 1, 1), TWO),
    ],
)
def test_invalid_inputs(amount: object, due: object, fine: object) -> None:
    """Negative or float amounts, float or negative rates and datetimes are refused."""
    with pytest.raises(ValueError):
        owed(amount, due, date(2026, 2, 1), fine)  # type: ignore[arg-type]


def test_updated_total_breakdown() -> None:
    """Per-invoice breakdown and totals."""
    # Today 2026-11-09:
    # R$ 100,00 due 2026-10-10 (30 days): fine 200, interest 100;
    # R$ 245,50 due 2026-10-25 (15 days): fine 491, interest 122.75 → 123;
    # R$ 50,00 due 2026-12-01 (not yet due): 0, 0.
    # principal 39550 + fines 691 + interest 223 = 40464 (R$ 404,64).
    items = [(10000, date(2026, 10, 10)), (24550, date(2026, 10, 25)), (5000, date(2026, 12, 1))]
    debt = updated_total(items, date(2026, 11, 9), TWO, ONE)
    assert debt.lines == (
        DebtLine(10000, date(2026, 10, 10), 30, 200, 100),
        DebtLine(24550, date(2026, 10, 25), 15, 491, 123),
        DebtLine(5000, date(2026, 12, 1), 0, 0, 0),
    )
    assert debt.lines[1].total_cents == 25164
    assert (debt.principal_cents, debt.fine_cents, debt.interest_cents) == (39550, 691, 223)
    assert debt.total_cents == 40464


def test_updated_total_rounds_per_invoice() -> None:
    """Each invoice is rounded before summing."""
    # Two R$ 1,00 invoices 15 days late: each 100 × 0.01 / 30 × 15 = 0.5 → 1, total 2
    # (rounding the 1.0 sum once would give 1); fines 2 + 2; total 200 + 4 + 2 = 206.
    due = date(2026, 10, 25)
    debt = updated_total([(100, due), (100, due)], date(2026, 11, 9), TWO, ONE)
    assert (debt.fine_cents, debt.interest_cents, debt.total_cents) == (4, 2, 206)


def test_updated_total_empty() -> None:
    """No invoices, nothing owed."""
    debt = updated_total([], date(2026, 11, 9), TWO, ONE)
    assert (debt.lines, debt.total_cents) == ((), 0)
