"""Creating and cancelling installment plans: the same rules for the chat and for staff.

A plan settles the UC's overdue open invoices (not those of another plan): they are marked
`consolidated` into the plan's entrada, an "outras faturas" invoice due in
`installment_down_payment_days`, whose payment activates the plan (collection.plan_payments).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.installments import Plan, PlanDebt, PlanTerms, build_plan, due_dates, plan_debt
from billing.money import parse_amount
from models import (
    LIVE_PLAN_STATUSES,
    AuditLog,
    Consent,
    Installment,
    InstallmentPlan,
    Invoice,
    InvoiceItem,
    InvoiceKind,
    InvoiceStatus,
    PlanEvent,
    PlanStatus,
    Unit,
    unit_by_uc,
)
from services import settings
from services.collection.payment_view import cents
from services.collection.plan_payments import activate
from services.people.enrollments import ConsentRecord
from services.settings import Settings

log = logging.getLogger(__name__)
TERM_VERSION = "2026-12-parc-v1"


class PlanError(ValueError):
    """A plan that cannot be made; `code` is machine-readable, the message pt-BR."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the code beside the message."""
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Proposal:
    """What a plan would settle today: the invoices, the debt and the plan."""

    originals: list[Invoice]
    debt: PlanDebt
    plan: Plan


def terms_of(values: Settings) -> PlanTerms:
    """The plan limits and debt rates from the parameters."""
    return PlanTerms(
        max_count=values.installments_max,
        min_installment_cents=parse_amount(values.installment_min_amount),
        down_min_percent=Decimal(values.installment_down_payment_min_percent),
        discount_percent=Decimal(values.installment_discount_percent),
        fine_percent=Decimal(values.late_fine_percent),
        monthly_interest_percent=Decimal(values.monthly_interest_percent),
        down_payment_days=values.installment_down_payment_days,
    )


def is_plan_invoice(invoice: Invoice) -> bool:
    """An entrada, installment or anticipation invoice of a plan."""
    return "installment_plan" in (invoice.extra or {})


def overdue(session: Session, unit: Unit, today: date) -> list[Invoice]:
    """The UC's open invoices past their due date that a plan may settle."""
    rows = session.scalars(
        select(Invoice)
        .where(
            Invoice.unit_id == unit.id,
            Invoice.status == InvoiceStatus.OPEN,
            Invoice.due_date < today,
        )
        .order_by(Invoice.reference, Invoice.id)
    )
    return [i for i in rows if not is_plan_invoice(i) and not i.extra.get("updated_debt")]


def live_plan(session: Session, unit: Unit) -> InstallmentPlan | None:
    """The UC's plan still running, if any (one at a time)."""
    return session.scalar(
        select(InstallmentPlan).where(
            InstallmentPlan.unit_id == unit.id, InstallmentPlan.status.in_(LIVE_PLAN_STATUSES)
        )
    )


def propose(session: Session, unit: Unit, count: int, today: date, values: Settings) -> Proposal:
    """The plan of `count` installments for the UC's overdue invoices, or PlanError."""
    if live_plan(session, unit) is not None:
        raise PlanError("plan_exists", "A UC já tem um parcelamento em andamento.")
    originals = overdue(session, unit, today)
    if not originals:
        raise PlanError("nothing_overdue", "A UC não tem faturas vencidas para parcelar.")
    terms = terms_of(values)
    debt = plan_debt([(cents(i.amount), i.due_date) for i in originals], today, terms)
    plan = build_plan(debt.total_cents, count, terms)
    if plan is None:
        raise PlanError("plan_not_allowed", "Esse número de parcelas não é permitido.")
    return Proposal(originals, debt, plan)


def _money(value: int) -> Decimal:
    """Centavos to reais."""
    return Decimal(value) / 100


def plan_item(description: str, amount: Decimal) -> InvoiceItem:
    """The one item of a plan's invoice."""
    return InvoiceItem(position=1, description=description, amount=amount)


def entrada_invoice(unit: Unit, plan: InstallmentPlan, due: date, today: date,
                    suffix: str = "E") -> Invoice:  # fmt: skip
    """The "outras faturas" invoice of the plan's entrada."""
    return Invoice(
        key=f"PAR-{unit.uc}-{plan.id}-{suffix}",
        unit_id=unit.id,
        reference=f"{today:%Y-%m}",
        kind=InvoiceKind.OTHER,
        issue_date=today,
        due_date=due,
        amount=plan.down_payment,
        status=InvoiceStatus.OPEN,
        extra={"installment_plan": plan.id, "installment": 0},
        items=[plan_item(f"Entrada do parcelamento nº {plan.id}", plan.down_payment)],
    )


def create_plan(
    session: Session,
    uc: str,
    count: int,
    today: date,
    *,
    actor: str,
    channel: str,
    expected_total: int | None = None,
    acceptance: ConsentRecord | None = None,
    early_paid: bool = False,
) -> InstallmentPlan:
    """Make the plan (the caller commits); PlanError when it is not allowed or the debt is no
    longer the one the consumer accepted (`expected_total`, in centavos)."""
    unit = unit_by_uc(session, uc)
    if unit is None:
        raise PlanError("unknown_uc", "UC não encontrada.")
    # One plan at a time: a second request for the UC (a double click) waits here until the
    # first commits, then finds its plan (PostgreSQL, the production database, row lock).
    session.execute(select(Unit.id).where(Unit.id == unit.id).with_for_update())
    values = settings.load(session)
    proposal = propose(session, unit, count, today, values)
    if expected_total is not None and proposal.plan.total_cents != expected_total:
        raise PlanError("debt_changed", "O valor da dívida mudou desde a proposta.")
    plan = _plan_row(unit, proposal, today, values, actor, channel)
    session.add(plan)
    session.flush()
    entrada = entrada_invoice(unit, plan, plan.down_payment_due, today)
    session.add(entrada)
    session.flush()
    plan.down_payment_invoice_id = entrada.id
    for original in proposal.originals:
        original.status = InvoiceStatus.CONSOLIDATED
        original.consolidated_into_id = entrada.id
        original.version += 1
    plan.events.append(PlanEvent(kind="criado", detail=f"por {actor} ({channel})"))
    if acceptance is not None:
        session.add(_consent(unit, plan, acceptance))
    session.add(AuditLog(actor=actor[:60], action="installment_plan.create",
                         entity="installment_plan", entity_id=str(plan.id),
                         detail={"uc": uc, "count": count, "total": str(plan.total)}))  # fmt: skip
    if early_paid:
        _entrada_paid_ahead(session, plan, entrada, today, values)
    log.info("installment plan %d created: %d installments", plan.id, count)
    return plan


def _plan_row(unit: Unit, proposal: Proposal, today: date, values: Settings, actor: str,
              channel: str) -> InstallmentPlan:  # fmt: skip
    """The plan with its money and installment schedule."""
    debt, plan = proposal.debt, proposal.plan
    down_due = today + timedelta(days=values.installment_down_payment_days)
    row = InstallmentPlan(
        unit_id=unit.id, status=PlanStatus.AWAITING_DOWN_PAYMENT, mode=values.installment_mode,
        count=plan.count, principal=_money(debt.principal_cents), fine=_money(debt.fine_cents),
        interest=_money(debt.interest_cents), discount=_money(debt.discount_cents),
        total=_money(plan.total_cents), down_payment=_money(plan.down_payment_cents),
        down_payment_due=down_due, original_ids=[i.id for i in proposal.originals],
        created_by=actor[:60], channel=channel[:20],
    )  # fmt: skip
    for number, (amount, due) in enumerate(
        zip(plan.installments, due_dates(down_due, plan.count), strict=True), start=1
    ):
        row.installments.append(Installment(number=number, amount=_money(amount), due_date=due,
                                            reference=f"{due:%Y-%m}"))  # fmt: skip
    return row


def _consent(unit: Unit, plan: InstallmentPlan, acceptance: ConsentRecord) -> Consent:
    """The acceptance recorded as a consent: text, version, time, channel and message."""
    return Consent(
        unit_id=unit.id, installment_plan_id=plan.id, channel=acceptance.channel,
        phone=acceptance.phone, text=acceptance.text, text_version=acceptance.version,
        inbound_message_id=acceptance.inbound_message_id, simulated_by=acceptance.simulated_by,
    )  # fmt: skip


def _entrada_paid_ahead(session: Session, plan: InstallmentPlan, entrada: Invoice, today: date,
                        values: Settings) -> None:  # fmt: skip
    """Staff made the plan after the entrada was paid at the counter: the entrada invoice is
    settled with `installment_early_down_payment_agent` and the plan starts at once."""
    entrada.status = InvoiceStatus.SETTLED
    entrada.paid_at = today
    entrada.collection_agent = (values.installment_early_down_payment_agent or "ENTRADA")[:60]
    session.flush()
    activate(session, plan, today, values, "entrada paga antecipadamente")


def reopen_originals(session: Session, plan: InstallmentPlan) -> int:
    """The invoices the plan settled (or held) are open again; returns how many."""
    reopened = 0
    for invoice in session.scalars(select(Invoice).where(Invoice.id.in_(plan.original_ids))):
        if invoice.status in (InvoiceStatus.CONSOLIDATED, InvoiceStatus.SETTLED):
            invoice.status = InvoiceStatus.OPEN
            invoice.consolidated_into_id = None
            invoice.paid_at = None
            invoice.collection_agent = None
            invoice.version += 1
            reopened += 1
    return reopened
