"""Installment plans followed through the bank's return files (docs/product.md#installment-plans).

Called by the return-file import for each chunk of invoices it marked paid, in the same
transaction, with bulk statements only (a file of 100,000 payments with 10,000 live plans
must keep its pace):
- a plan's entrada paid: the invoices it settles become `settled` with the plan's agent, the
  plan becomes active, and its installments are billed (charges mode) or wait for the daily
  routine to issue their "outras faturas" (invoices mode);
- an installment invoice paid, or (charges mode) the UC's energy invoice of an installment's
  competência paid: the installment is paid; the last one closes the plan;
- the anticipation invoice paid: the plan is closed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from models import (
    LIVE_PLAN_STATUSES,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    PlanEvent,
    PlanStatus,
    utcnow,
)
from services.settings import Settings

log = logging.getLogger(__name__)
SPLIT_MAX = 3  # "outras faturas" split in up to three: their own agent when set
_PLAN, _INST = InstallmentPlan.__table__.c, Installment.__table__.c


@dataclass(frozen=True)
class PaidInvoice:
    """What the import knows of an invoice it marked paid."""

    id: int
    unit_id: int
    kind: InvoiceKind
    reference: str


def any_live_plan(session: Session) -> bool:
    """True when some plan may react to payments (checked once per file)."""
    query = select(_PLAN.id).where(_PLAN.status.in_([s.value for s in LIVE_PLAN_STATUSES]))
    return session.execute(query.limit(1)).first() is not None


def settling_agent(values: Settings, mode: str, count: int) -> str:
    """The agent the plan's original invoices are settled with."""
    if mode == "invoices" and count <= SPLIT_MAX and values.other_invoices_split_agent:
        return values.other_invoices_split_agent
    return values.installment_agent or "PARCELAMENTO"


def on_paid_rows(
    session: Session, rows: Sequence[Any], paid_ids: list[int], day: date, values: Settings
) -> None:
    """on_paid for the import's invoice rows (id, unit_id, kind, reference) that it paid."""
    wanted = set(paid_ids)
    paid = [PaidInvoice(r.id, r.unit_id, r.kind, r.reference) for r in rows if r.id in wanted]
    on_paid(session, paid, day, values)


def on_paid(session: Session, paid: Sequence[PaidInvoice], day: date, values: Settings) -> None:
    """React to one chunk of paid invoices (the caller commits)."""
    if not paid:
        return
    # A plan's own invoices (entrada, installments, balance brought forward) are all "outras
    # faturas": energy invoices can only pay charges, so they stay out of the other look-ups
    # (on PostgreSQL each IN list of a thousand ids costs tens of milliseconds to plan).
    ids = [p.id for p in paid if p.kind is not InvoiceKind.ENERGY]
    touched: set[int] = set()
    if ids:
        for plan in session.scalars(
            select(InstallmentPlan).where(
                InstallmentPlan.down_payment_invoice_id.in_(ids),
                InstallmentPlan.status == PlanStatus.AWAITING_DOWN_PAYMENT,
            )
        ):
            activate(session, plan, day, values, "entrada paga")
        touched = _installments_paid(session, ids, day)
    touched |= _charges_paid(session, [p for p in paid if p.kind is InvoiceKind.ENERGY], day)
    _close_finished(session, touched)
    if ids:
        _close_anticipated(session, ids)


def activate(session: Session, plan: InstallmentPlan, day: date, values: Settings,
             what: str) -> None:  # fmt: skip
    """The entrada is in: settle the originals with the plan's agent, bill the installments."""
    agent = settling_agent(values, plan.mode, plan.count)
    session.execute(
        update(Invoice)
        .where(Invoice.id.in_(plan.original_ids), Invoice.status == InvoiceStatus.CONSOLIDATED)
        .values(
            status=InvoiceStatus.SETTLED,
            paid_at=day,
            collection_agent=agent[:60],
            version=Invoice.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    plan.status = PlanStatus.ACTIVE
    if plan.mode == "charges":
        for installment in plan.installments:
            installment.status = InstallmentStatus.BILLED
    plan.events.append(PlanEvent(kind="entrada", detail=f"{what}; faturas quitadas: {agent}"))
    log.info("installment plan %d active", plan.id)


def _installments_paid(session: Session, ids: list[int], day: date) -> set[int]:
    """Installment invoices paid: their installments are paid; returns the plans touched."""
    rows = session.execute(
        update(Installment.__table__)
        .where(_INST.invoice_id.in_(ids), _INST.status == InstallmentStatus.BILLED.value)
        .values(status=InstallmentStatus.PAID.value, paid_at=day)
        .returning(_INST.plan_id)
    ).all()
    return {r.plan_id for r in rows}


def _charges_paid(session: Session, energy: list[PaidInvoice], day: date) -> set[int]:
    """Charges mode: the energy invoice of an installment's competência paid pays it."""
    if not energy:
        return set()
    keys = {(p.unit_id, p.reference) for p in energy}
    found = session.execute(  # by UC and competência apart (indexed), the pairs checked here
        select(_INST.id, _INST.plan_id, _PLAN.unit_id, _INST.reference)
        .join(InstallmentPlan.__table__, _PLAN.id == _INST.plan_id)
        .where(
            _PLAN.unit_id.in_({unit for unit, _ in keys}),
            _PLAN.mode == "charges",
            _INST.status == InstallmentStatus.BILLED.value,
            _INST.reference.in_({reference for _, reference in keys}),
        )
    ).all()
    rows = [r for r in found if (r.unit_id, r.reference) in keys]
    if rows:
        session.execute(
            update(Installment.__table__)
            .where(_INST.id.in_([r.id for r in rows]))
            .values(status=InstallmentStatus.PAID.value, paid_at=day)
        )
    return {r.plan_id for r in rows}


def _close_finished(session: Session, plan_ids: set[int]) -> None:
    """Plans whose every installment is paid are closed."""
    if not plan_ids:
        return
    unpaid = select(_INST.plan_id).where(
        _INST.plan_id.in_(plan_ids), _INST.status != InstallmentStatus.PAID.value
    )
    open_plans = {r.plan_id for r in session.execute(unpaid)}
    _close(session, sorted(plan_ids - open_plans), "última parcela paga")


def _close_anticipated(session: Session, ids: list[int]) -> None:
    """The anticipation invoice paid: the plan is done."""
    query = select(_PLAN.id).where(
        _PLAN.anticipation_invoice_id.in_(ids), _PLAN.status == PlanStatus.ANTICIPATED.value
    )
    _close(session, [row.id for row in session.execute(query).all()], "saldo antecipado pago")


def _close(session: Session, plan_ids: list[int], why: str) -> None:
    """Close these plans and note it in their timelines: two statements for the lot (a file
    may finish a thousand plans)."""
    if not plan_ids:
        return
    now = utcnow()
    session.execute(
        update(InstallmentPlan.__table__)
        .where(_PLAN.id.in_(plan_ids))
        .values(status=PlanStatus.CLOSED.value, closed_at=now)
    )
    session.execute(
        insert(PlanEvent.__table__),
        [{"plan_id": p, "kind": "encerrado", "detail": why, "at": now} for p in plan_ids],
    )
    log.info("%d installment plans closed (%s)", len(plan_ids), why)
