"""Installment plans (parcelamento): the exact money of a plan and the plans offered.

Rules (docs/product.md#installment-plans):
- the debt is the overdue invoices brought up to date as the updated debt does
  (`billing.debt.updated_total`); the discount is `discount_percent` of fine + interest,
  rounded once to the centavo (ROUND_HALF_UP), never more than fine + interest;
- the down payment (entrada) is at least `down_min_percent` of the total, rounded *up* to
  the centavo so that it never falls below the minimum;
- the rest is split in `count` installments of `rest // count` centavos (rounded down), and
  the last one absorbs the difference (it is larger by at most count - 1 centavos), so the
  down payment and the installments always add up to the total exactly;
- a plan is allowed when 1 <= count <= `max_count` and every installment (the regular one is
  the smallest) is at least `min_installment_cents`;
- two to four plans are offered: the counts of PREFERRED that are allowed, plus the largest
  allowed count, spread out when there are more than four.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext

from billing.debt import updated_total

PREFERRED = (3, 6, 10, 12, 18, 24, 36, 48, 60)
MAX_OFFERS = 4


@dataclass(frozen=True)
class PlanTerms:
    """The distributor's limits for plans (settings installments_* and the debt rates)."""

    max_count: int = 10
    min_installment_cents: int = 3000
    down_min_percent: Decimal = Decimal("10")
    discount_percent: Decimal = Decimal("0")
    fine_percent: Decimal = Decimal("2")
    monthly_interest_percent: Decimal = Decimal("1")
    down_payment_days: int = 3


@dataclass(frozen=True)
class PlanDebt:
    """The debt a plan settles, in centavos: total = principal + fine + interest - discount."""

    principal_cents: int
    fine_cents: int
    interest_cents: int
    discount_cents: int

    @property
    def total_cents(self) -> int:
        """What the plan collects."""
        return self.principal_cents + self.fine_cents + self.interest_cents - self.discount_cents


@dataclass(frozen=True)
class Plan:
    """One plan: entrada + `count` installments (all in centavos)."""

    count: int
    total_cents: int
    down_payment_cents: int
    installments: tuple[int, ...]

    @property
    def installment_cents(self) -> int:
        """The regular installment (all but the last, which absorbs the rounding)."""
        return self.installments[0]


def _round(value: Decimal, rounding: str) -> int:
    """Whole centavos."""
    return int(value.quantize(Decimal(1), rounding=rounding))


def plan_debt(items: Sequence[tuple[int, date]], today: date, terms: PlanTerms) -> PlanDebt:
    """The overdue (amount_cents, due_date) items brought to `today`, with the discount."""
    debt = updated_total(items, today, terms.fine_percent, terms.monthly_interest_percent)
    charges = debt.fine_cents + debt.interest_cents
    with localcontext() as ctx:
        ctx.prec = 60
        discount = _round(Decimal(charges) * terms.discount_percent / 100, ROUND_HALF_UP)
    return PlanDebt(debt.principal_cents, debt.fine_cents, debt.interest_cents,
                    min(discount, charges))  # fmt: skip


def down_payment(total_cents: int, terms: PlanTerms) -> int:
    """The smallest entrada allowed: `down_min_percent` of the total, rounded up."""
    with localcontext() as ctx:
        ctx.prec = 60
        minimum = _round(Decimal(total_cents) * terms.down_min_percent / 100, ROUND_CEILING)
    return max(minimum, 1)  # a plan always starts with something paid


def build_plan(total_cents: int, count: int, terms: PlanTerms) -> Plan | None:
    """The plan of `count` installments for `total_cents`, or None when not allowed."""
    if total_cents <= 0 or not 1 <= count <= terms.max_count:
        return None
    down = down_payment(total_cents, terms)
    rest = total_cents - down
    regular = rest // count
    if regular < max(terms.min_installment_cents, 1):
        return None
    installments = (regular,) * (count - 1) + (rest - regular * (count - 1),)
    return Plan(count, total_cents, down, installments)


def largest_count(total_cents: int, terms: PlanTerms) -> int:
    """The most installments allowed for this total (0: no plan at all)."""
    rest = total_cents - down_payment(total_cents, terms)
    if rest <= 0:
        return 0
    by_minimum = rest // max(terms.min_installment_cents, 1)
    return max(0, min(terms.max_count, by_minimum))


def _spread(counts: list[int]) -> list[int]:
    """At most MAX_OFFERS counts: the first, the last and evenly spaced ones between."""
    if len(counts) <= MAX_OFFERS:
        return counts
    last = len(counts) - 1
    picks = {round(last * n / (MAX_OFFERS - 1)) for n in range(MAX_OFFERS)}
    return [counts[i] for i in sorted(picks)]


def offers(total_cents: int, terms: PlanTerms) -> list[Plan]:
    """The plans to offer (fewest installments first); empty when none is allowed."""
    top = largest_count(total_cents, terms)
    if top == 0:
        return []
    counts = sorted({c for c in PREFERRED if c <= top} | {top})
    if len(counts) == 1 and top > 1:
        counts = [1, top]
    plans = [build_plan(total_cents, c, terms) for c in _spread(counts)]
    return [p for p in plans if p is not None]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31/01 + 1 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(down_due: date, count: int) -> list[date]:
    """Each installment's due date: one month apart, starting a month after the entrada."""
    return [add_months(down_due, n) for n in range(1, count + 1)]
