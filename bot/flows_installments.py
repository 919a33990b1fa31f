"""NEGOCIAR / PARCELAR: the overdue invoices, two to four plans, the term, the acceptance.

The plans are worked out here with billing.installments from the invoices the view shows
and the distributor's terms; the edge makes the accepted plan from the database with the
same functions, and refuses it when the debt is no longer the one shown (AcceptPlan).
"""

from __future__ import annotations

from datetime import timedelta

from billing.competence import month_label as month
from billing.installments import Plan, build_plan, due_dates, offers, plan_debt
from billing.money import format_brl as brl
from bot.context import Ctx
from bot.formatting import day
from bot.grammar import pick, yes_no
from bot.state import Action, PlanChoice, StepName
from bot.texts_installments import TERM_VERSION
from bot.types import AcceptPlan, InvoiceInfo


def overdue(ctx: Ctx, uc: str) -> list[InvoiceInfo]:
    """The open invoices past due that a plan may settle (not those of a plan already)."""
    rows = [i for i in ctx.view.invoices(uc)
            if i.status == "open" and i.due_date < ctx.today and not i.in_plan
            and not i.updated_debt]  # fmt: skip
    return sorted(rows, key=lambda i: i.reference)


def _total(ctx: Ctx, invoices: list[InvoiceInfo]) -> tuple[int, int]:
    """(total, discount) of the debt in centavos, brought to today."""
    debt = plan_debt([(i.amount_cents, i.due_date) for i in invoices], ctx.today,
                     ctx.settings.installment_terms)  # fmt: skip
    return debt.total_cents, debt.discount_cents


def offer(ctx: Ctx, uc: str, action: Action) -> None:
    """NEGOCIAR: show the overdue invoices, the total, and the plans to pick from."""
    invoices = ctx.view.invoices(uc)
    if any(i.in_plan and i.status == "open" for i in invoices):
        ctx.say("plan_exists", uc=uc)
        return
    owed = overdue(ctx, uc)
    if not owed:
        ctx.say("plan_nothing", uc=uc)
        return
    total, discount = _total(ctx, owed)
    plans = offers(total, ctx.settings.installment_terms)
    if not plans:
        ctx.say("plan_none", uc=uc, total=brl(total))
        return
    sep = "; " if ctx.sms else "\n"
    lines = sep.join(f"{'' if ctx.sms else '- '}{month(i.reference)} {brl(i.amount_cents)}"
                     for i in owed)  # fmt: skip
    off = ctx.t("plan_discount", amount=brl(discount)) if discount else ""
    ctx.say("plan_debt", uc=uc, lines=lines, discount=off, total=brl(total))
    options = sep.join(f"{n}) {_plan_line(ctx, p)}" for n, p in enumerate(plans, start=1))
    ctx.say("plan_options", lines=options)
    ctx.wait(StepName.PICK_PLAN, PlanChoice(uc, tuple(p.count for p in plans), total))


def _plan_line(ctx: Ctx, plan: Plan) -> str:
    """One option: entrada + N × installment = total."""
    if ctx.sms:
        return f"{brl(plan.down_payment_cents)}+{plan.count}x {brl(plan.installment_cents)}"
    return (f"Entrada {brl(plan.down_payment_cents)} + {plan.count}x de "
            f"{brl(plan.installment_cents)} = {brl(plan.total_cents)}")  # fmt: skip


def answer_pick(ctx: Ctx, data: PlanChoice, answer: str) -> None:
    """A plan picked: show its term and wait for SIM/NÃO."""
    count = pick(data.counts, answer)
    if count is None:
        ctx.say("pick_invalid", n=len(data.counts))
        return
    plan = build_plan(data.total, count, ctx.settings.installment_terms)
    if plan is None:  # the terms changed meanwhile
        ctx.done()
        ctx.say("plan_none", uc=data.uc, total=brl(data.total))
        return
    ctx.say("plan_term", **_term_values(ctx, data.uc, plan))
    ctx.wait(StepName.CONFIRM_PLAN, PlanChoice(data.uc, data.counts, data.total, count))


def _term_values(ctx: Ctx, uc: str, plan: Plan) -> dict[str, object]:
    """The values the term shows."""
    due = ctx.today + timedelta(days=ctx.settings.installment_terms.down_payment_days)
    last = plan.installments[-1]
    last_text = ctx.t("plan_last", amount=brl(last)) if last != plan.installment_cents else ""
    months = ", ".join(month(i.reference) for i in overdue(ctx, uc))
    return {
        "uc": uc, "total": brl(plan.total_cents), "months": months,
        "down": brl(plan.down_payment_cents), "due": day(due), "count": plan.count,
        "installment": brl(plan.installment_cents), "last": last_text,
        "first": day(due_dates(due, 1)[0]), "overdue": ctx.settings.installment_overdue,
    }  # fmt: skip


def answer_confirm(ctx: Ctx, data: PlanChoice, answer: str) -> None:
    """SIM: the acceptance goes to the edge with the term as shown; NÃO: nothing is made."""
    yes = yes_no(answer)
    if yes is None:
        ctx.say("yes_no")
        return
    ctx.done()
    if not yes or data.count is None:
        ctx.say("plan_dropped")
        return
    plan = build_plan(data.total, data.count, ctx.settings.installment_terms)
    if plan is None:
        ctx.say("plan_none", uc=data.uc, total=brl(data.total))
        return
    term = ctx.shown(ctx.t("plan_term", **_term_values(ctx, data.uc, plan)))
    ctx.effects.append(AcceptPlan(data.uc, data.count, data.total, term, TERM_VERSION))
    ctx.say("plan_registering")
