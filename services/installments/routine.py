"""The plans' daily routine (`fatura installments`, hourly in the worker; idempotent):
1. an entrada unpaid after its due date lapses the plan (`installment_lapse = reopen`: the
   originals reopen) or is charged again once (`charge`: settled with
   `installment_unpaid_down_payment_agent`, a new entrada issued; if that one is not paid
   either, the plan lapses as with `reopen`);
2. installments billed as "outras faturas" are issued ISSUE_DAYS_BEFORE days before they are
   due, through the usual first-copy deliveries;
3. a plan with `installment_overdue_to_anticipate` installments overdue has its remaining
   balance brought forward into one invoice.
The consumer is told of each (services.installments.notices).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    PlanEvent,
    PlanStatus,
)
from services import settings
from services.core import formats
from services.delivery import issuance
from services.installments.notices import tell
from services.installments.plans import entrada_invoice, plan_item, reopen_originals
from services.settings import Settings

log = logging.getLogger(__name__)
ISSUE_DAYS_BEFORE = 10


@dataclass
class DayReport:
    """What one run did, and the deliveries to enqueue after its commit."""

    lapsed: int = 0
    charged_again: int = 0
    issued: int = 0
    anticipated: int = 0
    deliveries: list[int] = field(default_factory=list)

    def line(self) -> str:
        """The summary printed by the command."""
        return (
            f"{self.lapsed} plans lapsed, {self.charged_again} entradas charged again, "
            f"{self.issued} installments issued, {self.anticipated} balances brought forward"
        )


def run_day(session: Session, today: date) -> DayReport:
    """One pass of the routine for `today` (commits)."""
    values = settings.load(session)
    report = DayReport()
    _lapse(session, today, values, report)
    _issue(session, today, report)
    _anticipate(session, today, values, report)
    session.commit()
    if report.lapsed or report.issued or report.anticipated or report.charged_again:
        log.info("installments routine %s: %s", today, report.line())
    return report


def _add(report: DayReport, delivery_id: int | None) -> None:
    """Keep a delivery to enqueue."""
    if delivery_id is not None:
        report.deliveries.append(delivery_id)


def _lapse(session: Session, today: date, values: Settings, report: DayReport) -> None:
    """Entradas past their due date and still unpaid."""
    for plan in session.scalars(
        select(InstallmentPlan).where(
            InstallmentPlan.status == PlanStatus.AWAITING_DOWN_PAYMENT,
            InstallmentPlan.down_payment_due < today,
        )
    ):
        entrada = session.get(Invoice, plan.down_payment_invoice_id)
        if entrada is None or entrada.status is not InvoiceStatus.OPEN:
            continue
        due = formats.day(plan.down_payment_due)
        if values.installment_lapse == "charge" and not plan.down_payment_charged_again:
            _charge_again(session, plan, entrada, today, values, report)
        else:
            lapse(session, plan, entrada)
            report.lapsed += 1
            _add(report, tell(session, plan, "lapsed", "lapsed", due=due))


def lapse(session: Session, plan: InstallmentPlan, entrada: Invoice) -> None:
    """The plan is undone: entrada cancelled, installments cancelled, originals reopen."""
    entrada.status = InvoiceStatus.CANCELLED
    entrada.version += 1
    for installment in plan.installments:
        installment.status = InstallmentStatus.CANCELLED
    reopened = reopen_originals(session, plan)
    plan.status = PlanStatus.LAPSED
    plan.events.append(PlanEvent(kind="entrada não paga", detail=f"{reopened} faturas reabertas"))


def _charge_again(session: Session, plan: InstallmentPlan, entrada: Invoice, today: date,
                  values: Settings, report: DayReport) -> None:  # fmt: skip
    """Settle the unpaid entrada with its agent and issue it again, due in N days."""
    old_due = plan.down_payment_due
    entrada.status = InvoiceStatus.SETTLED
    entrada.paid_at = today
    entrada.collection_agent = (values.installment_unpaid_down_payment_agent or "ENTRADA")[:60]
    entrada.version += 1
    plan.down_payment_due = today + timedelta(days=values.installment_down_payment_days)
    again = entrada_invoice(plan.unit, plan, plan.down_payment_due, today, suffix="E2")
    session.add(again)
    session.flush()
    for original in session.scalars(select(Invoice).where(Invoice.id.in_(plan.original_ids))):
        if original.consolidated_into_id == entrada.id:
            original.consolidated_into_id = again.id
    plan.down_payment_invoice_id = again.id
    plan.down_payment_charged_again = True
    plan.events.append(PlanEvent(kind="entrada cobrada de novo",
                                 detail=f"agente {entrada.collection_agent}"))  # fmt: skip
    report.charged_again += 1
    _add(report, tell(session, plan, "charged_again", "charged_again",
                      due=formats.day(old_due), amount=formats.brl(plan.down_payment),
                      new_due=formats.day(plan.down_payment_due)))  # fmt: skip


def _issue(session: Session, today: date, report: DayReport) -> None:
    """ "Outras faturas" for the installments due within ISSUE_DAYS_BEFORE days."""
    rows = session.scalars(
        select(Installment)
        .join(InstallmentPlan, InstallmentPlan.id == Installment.plan_id)
        .where(
            InstallmentPlan.status == PlanStatus.ACTIVE,
            InstallmentPlan.mode == "invoices",
            Installment.status == InstallmentStatus.SCHEDULED,
            Installment.due_date <= today + timedelta(days=ISSUE_DAYS_BEFORE),
        )
        .order_by(Installment.plan_id, Installment.number)
    ).all()
    issued = []
    for installment in rows:
        invoice = _installment_invoice(installment, today)
        session.add(invoice)
        session.flush()
        installment.invoice_id = invoice.id
        installment.status = InstallmentStatus.BILLED
        issued.append(invoice.id)
        plan = installment.plan
        plan.events.append(
            PlanEvent(kind="parcela emitida", detail=f"parcela {installment.number}")
        )
        _add(report, tell(session, plan, f"issued:{installment.number}", "issued",
                          n=str(installment.number), count=str(plan.count),
                          amount=formats.brl(installment.amount),
                          due=formats.day(installment.due_date)))  # fmt: skip
    report.issued += len(issued)
    report.deliveries.extend(issuance.issue(session, issued, fiscal=False))


def _installment_invoice(installment: Installment, today: date) -> Invoice:
    """The "outras faturas" invoice of one installment."""
    plan = installment.plan
    label = f"Parcela {installment.number}/{plan.count} do parcelamento nº {plan.id}"
    return Invoice(
        key=f"PAR-{plan.unit.uc}-{plan.id}-{installment.number}",
        unit_id=plan.unit_id,
        reference=installment.reference,
        kind=InvoiceKind.OTHER,
        issue_date=today,
        due_date=installment.due_date,
        amount=installment.amount,
        status=InvoiceStatus.OPEN,
        extra={"installment_plan": plan.id, "installment": installment.number},
        items=[plan_item(label, installment.amount)],
    )


def _anticipate(session: Session, today: date, values: Settings, report: DayReport) -> None:
    """Plans with too many installments overdue: the balance in one invoice."""
    limit = values.installment_overdue_to_anticipate
    for plan in session.scalars(
        select(InstallmentPlan).where(InstallmentPlan.status == PlanStatus.ACTIVE)
    ):
        late = [i for i in plan.installments
                if i.status is InstallmentStatus.BILLED and i.due_date < today]  # fmt: skip
        if len(late) < limit:
            continue
        anticipate(session, plan, today, values)
        report.anticipated += 1
        _add(report, tell(session, plan, "anticipated", "anticipated", n=str(len(late)),
                          amount=formats.brl(balance(plan)),
                          due=formats.day(plan.down_payment_due)))  # fmt: skip


def balance(plan: InstallmentPlan) -> Decimal:
    """What the plan still has to collect (installments neither paid nor cancelled)."""
    done = (InstallmentStatus.PAID, InstallmentStatus.CANCELLED)
    return sum((i.amount for i in plan.installments if i.status not in done), Decimal("0.00"))


def anticipate(session: Session, plan: InstallmentPlan, today: date, values: Settings) -> Invoice:
    """Bring the remaining balance forward into one invoice due in N days."""
    unpaid = (InstallmentStatus.SCHEDULED, InstallmentStatus.BILLED)
    remaining = [i for i in plan.installments if i.status in unpaid]
    amount = sum((i.amount for i in remaining), Decimal("0.00"))
    for installment in remaining:
        installment.status = InstallmentStatus.ANTICIPATED
        invoice = installment.invoice_id and session.get(Invoice, installment.invoice_id)
        if invoice and invoice.status is InvoiceStatus.OPEN:
            invoice.status = InvoiceStatus.CANCELLED
            invoice.version += 1
    due = today + timedelta(days=values.installment_down_payment_days)
    invoice = Invoice(
        key=f"PAR-{plan.unit.uc}-{plan.id}-A", unit_id=plan.unit_id, reference=f"{today:%Y-%m}",
        kind=InvoiceKind.OTHER, issue_date=today, due_date=due, amount=amount,
        status=InvoiceStatus.OPEN, extra={"installment_plan": plan.id, "installment": "saldo"},
        items=[plan_item(f"Saldo antecipado do parcelamento nº {plan.id}", amount)],
    )  # fmt: skip
    session.add(invoice)
    session.flush()
    plan.anticipation_invoice_id = invoice.id
    plan.down_payment_due = due  # shown as the anticipation's due date in the notice
    plan.status = PlanStatus.ANTICIPATED
    plan.events.append(PlanEvent(kind="saldo antecipado", detail=f"{len(remaining)} parcelas"))
    return invoice
