"""Installment plan money (billing/installments.py): hand-computed cases and properties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.installments import (
    MAX_OFFERS,
    PlanTerms,
    add_months,
    build_plan,
    due_dates,
    largest_count,
    offers,
    plan_debt,
)

TODAY = date(2026, 11, 10)
# R$ 100,00 due 20/10 (21 days late) and R$ 50,00 due 20/09 (51 days late).
ITEMS = [(10000, date(2026, 10, 20)), (5000, date(2026, 9, 20))]


def test_debt_without_discount_is_the_updated_debt() -> None:
    """Fine 2 % = 200 + 100; interest 1 %/30 a day = 70 + 85; total R$ 154,55."""
    debt = plan_debt(ITEMS, TODAY, PlanTerms())
    assert (debt.principal_cents, debt.fine_cents, debt.interest_cents) == (15000, 300, 155)
    assert debt.discount_cents == 0 and debt.total_cents == 15455


def test_discount_is_a_share_of_fine_and_interest_rounded_half_up() -> None:
    """50 % of 455 = 227.5 → 228 centavos off; 100 % takes off all of fine and interest."""
    half = plan_debt(ITEMS, TODAY, PlanTerms(discount_percent=Decimal("50")))
    assert half.discount_cents == 228 and half.total_cents == 15227
    full = plan_debt(ITEMS, TODAY, PlanTerms(discount_percent=Decimal("100")))
    assert full.total_cents == 15000


def test_plan_without_discount_hand_computed() -> None:
    """Entrada 10 % of 15455 = 1545.5 → 1546 (rounded up); 13909 / 3 = 4636, last 4637."""
    plan = build_plan(15455, 3, PlanTerms())
    assert plan is not None
    assert plan.down_payment_cents == 1546
    assert plan.installments == (4636, 4636, 4637)
    assert plan.down_payment_cents + sum(plan.installments) == 15455


def test_plan_with_discount_hand_computed() -> None:
    """15227: entrada 1522.7 → 1523; 13704 / 3 = 4568 exactly."""
    plan = build_plan(15227, 3, PlanTerms(discount_percent=Decimal("50")))
    assert plan is not None
    assert (plan.down_payment_cents, plan.installments) == (1523, (4568, 4568, 4568))


def test_the_last_installment_absorbs_the_rounding() -> None:
    """R$ 100,00 in entrada + 7: 9000 / 7 = 1285.71 → six of 1285 and a last of 1290."""
    plan = build_plan(10000, 7, PlanTerms(min_installment_cents=1000))
    assert plan is not None
    assert plan.installments == (1285,) * 6 + (1290,)


def test_minimum_installment_and_maximum_count_limit_the_plans() -> None:
    """13909 left after the entrada allows at most 4 installments of R$ 30,00."""
    assert largest_count(15455, PlanTerms()) == 4
    assert build_plan(15455, 5, PlanTerms()) is None
    assert build_plan(1_000_000, 11, PlanTerms()) is None
    assert [p.count for p in offers(15455, PlanTerms())] == [3, 4]


def test_offers_spread_between_few_and_many_installments() -> None:
    """A large debt gets the issue's example, entrada + 3, 6 and 10; more counts are spread."""
    assert [p.count for p in offers(100_000, PlanTerms())] == [3, 6, 10]
    many = offers(10_000_000, PlanTerms(max_count=24))
    assert [p.count for p in many] == [3, 10, 12, 24]


def test_a_small_debt_gets_fewer_offers_or_none() -> None:
    """Two installments at most: entrada + 1 or 2; too small for one: no plan at all."""
    assert [p.count for p in offers(7000, PlanTerms())] == [1, 2]
    assert offers(3000, PlanTerms()) == []


def test_due_dates_are_monthly_and_clamped_to_the_month_end() -> None:
    """From 31/01: 28/02, 31/03, 30/04."""
    assert due_dates(date(2027, 1, 31), 3) == [date(2027, 2, 28), date(2027, 3, 31),
                                               date(2027, 4, 30)]  # fmt: skip
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


@pytest.mark.parametrize("count", [0, -1, 11])
def test_counts_outside_the_limits_are_refused(count: int) -> None:
    """No plan of zero, negative or too many installments."""
    assert build_plan(1_000_000, count, PlanTerms()) is None


TERMS = st.builds(
    PlanTerms,
    max_count=st.integers(1, 60),
    min_installment_cents=st.integers(1, 50_000),
    down_min_percent=st.decimals("0", "99.99", places=2),
    discount_percent=st.decimals("0", "100", places=2),
)


@settings(max_examples=300, deadline=None)
@given(total=st.integers(1, 10**9), terms=TERMS)
def test_every_offer_adds_up_and_keeps_the_limits(total: int, terms: PlanTerms) -> None:
    """Entrada + installments = total, each installment >= the minimum, count <= maximum,
    the entrada at least its percentage, only the last installment differs (by < count)."""
    plans = offers(total, terms)
    assert len(plans) <= MAX_OFFERS
    assert len({p.count for p in plans}) == len(plans)
    if largest_count(total, terms) >= 2:
        assert len(plans) >= 2
    for plan in plans:
        assert plan.down_payment_cents + sum(plan.installments) == total
        assert 1 <= plan.count == len(plan.installments) <= terms.max_count
        assert min(plan.installments) >= terms.min_installment_cents
        assert plan.down_payment_cents * 100 >= total * terms.down_min_percent
        assert set(plan.installments[:-1]) <= {plan.installment_cents}
        assert 0 <= plan.installments[-1] - plan.installment_cents < plan.count


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(
        st.tuples(st.integers(1, 10**8), st.dates(date(2020, 1, 1), date(2026, 11, 9))),
        min_size=1,
        max_size=12,
    ),
    terms=TERMS,
)
def test_random_debts_discount_never_exceeds_fine_and_interest(
    items: list[tuple[int, date]], terms: PlanTerms
) -> None:
    """The total never falls below the principal, and the plans add up to it."""
    debt = plan_debt(items, TODAY, terms)
    assert debt.principal_cents <= debt.total_cents
    assert debt.principal_cents == sum(amount for amount, _ in items)
    for plan in offers(debt.total_cents, terms):
        assert plan.down_payment_cents + sum(plan.installments) == debt.total_cents
