"""Updated debt: late fine and pro rata die interest on overdue invoices (docs/payment-codes.md).

Conventions:
- fine = principal × fine_percent / 100, charged once as soon as the invoice is one day late;
- interest = principal × monthly_interest_percent / 100 / 30 × calendar days late, i.e. the
  monthly rate is spread over a commercial 30-day month whatever the real month length, simple
  (not compound) interest on the principal only;
- each amount is computed exactly in Decimal and rounded once to whole centavos with
  ROUND_HALF_UP (half a centavo goes up), per invoice, before any total is summed;
- nothing is due when today <= due date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

DEFAULT_FINE_PERCENT = Decimal("2")
DEFAULT_MONTHLY_INTEREST_PERCENT = Decimal("1")
DAYS_PER_MONTH = 30
_CENTAVO = Decimal(1)


@dataclass(frozen=True)
class DebtLine:
    """One invoice brought up to date (all amounts in centavos)."""

    principal_cents: int
    due_date: date
    days_late: int
    fine_cents: int
    interest_cents: int

    @property
    def total_cents(self) -> int:
        """Principal + fine + interest."""
        return self.principal_cents + self.fine_cents + self.interest_cents


@dataclass(frozen=True)
class UpdatedDebt:
    """Per-invoice breakdown and totals (sums of the already rounded lines)."""

    lines: tuple[DebtLine, ...]
    principal_cents: int
    fine_cents: int
    interest_cents: int
    total_cents: int


def _cents(value: object) -> int:
    """A non-negative int amount in centavos (bool and float refused)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"amount_cents must be a non-negative int, got {value!r}")
    return value


def _percent(name: str, value: object) -> Decimal:
    """A finite non-negative Decimal (or int) percentage; floats are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"{name} must be a Decimal, got {type(value).__name__}")
    percent = Decimal(value)
    if not percent.is_finite() or percent < 0:
        raise ValueError(f"{name} must be a finite percentage >= 0, got {value!r}")
    return percent


def _day(name: str, value: object) -> date:
    """A plain date (a datetime would make the day count ambiguous)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{name} must be a date, got {type(value).__name__}")
    return value


def _round(value: Decimal) -> int:
    """Whole centavos, ROUND_HALF_UP."""
    return int(value.quantize(_CENTAVO, rounding=ROUND_HALF_UP))


def fine_and_interest(
    amount_cents: int,
    due_date: date,
    today: date,
    *,
    fine_percent: Decimal,
    monthly_interest_percent: Decimal,
) -> tuple[int, int]:
    """(fine_cents, interest_cents) owed on `amount_cents` at `today`; (0, 0) when not late."""
    amount = _cents(amount_cents)
    days = (_day("today", today) - _day("due_date", due_date)).days
    fine_rate = _percent("fine_percent", fine_percent)
    monthly_rate = _percent("monthly_interest_percent", monthly_interest_percent)
    if days <= 0:
        return 0, 0
    with localcontext() as ctx:
        ctx.prec = 60  # exact for any realistic amount: one division, one rounding
        fine = Decimal(amount) * fine_rate / 100
        interest = Decimal(amount) * monthly_rate * days / (100 * DAYS_PER_MONTH)
        return _round(fine), _round(interest)


def updated_total(
    items: Sequence[tuple[int, date]],
    today: date,
    fine_percent: Decimal,
    monthly_interest_percent: Decimal,
) -> UpdatedDebt:
    """Bring every (amount_cents, due_date) up to `today` and sum the rounded amounts."""
    lines = []
    for amount, due in items:
        fine, interest = fine_and_interest(
            amount,
            due,
            today,
            fine_percent=fine_percent,
            monthly_interest_percent=monthly_interest_percent,
        )
        days = max((today - due).days, 0)
        lines.append(DebtLine(amount, due, days, fine, interest))
    principal = sum(line.principal_cents for line in lines)
    fines = sum(line.fine_cents for line in lines)
    interests = sum(line.interest_cents for line in lines)
    return UpdatedDebt(tuple(lines), principal, fines, interests, principal + fines + interests)
