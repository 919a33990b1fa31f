"""Automatic debit in the chat (DEBITO AUTOMATICO, or free text): whether the UC is enrolled
and at which bank, how to enrol (the id to give the bank, the banks with an agreement), what
happened to a failed debit; cancelling is done at the bank. On SMS each answer fits one
160-character segment with up to four banks with an agreement. BARRA holds back the code of an
invoice already sent for debit until the consumer insists (then warns about paying twice)."""

from __future__ import annotations

from billing.competence import month_label as month
from billing.debit_layout import BANKS, bank_label
from billing.money import format_brl as brl
from bot.context import Ctx
from bot.formatting import day
from bot.state import Action
from bot.types import InvoiceInfo

INSIST = "debit_insist"  # state key: the invoice whose code was held back once


def status(ctx: Ctx, uc: str, action: Action) -> None:
    """DEBITO AUTOMATICO: the UC's status and how to cancel, or how to enrol (again); then
    a failed last debit and how to pay it."""
    info = ctx.view.direct_debit(uc)
    if info is not None and info.active:
        ctx.say("debit_active", uc=uc, bank=bank_label(info.bank_code))
    else:
        key = "debit_cancelled" if info is not None else "debit_none"
        ctx.say(key, uc=uc, id=info.identification if info else uc, banks=_banks(ctx))
    if info is not None and info.failure:
        reference, reason = info.failure
        ctx.say("debit_failed", month=month(reference), reason=reason)


def _banks(ctx: Ctx) -> str:
    """' Bancos conveniados: …' from the settings (names only on SMS, where every character
    counts), or nothing when none is set."""
    codes = [c.strip() for c in ctx.settings.direct_debit_banks.split(",") if c.strip()]
    if not codes:
        return ""
    label = (lambda code: BANKS.get(code, f"banco {code}")) if ctx.sms else bank_label
    return ctx.t("debit_banks", banks=", ".join(label(c) for c in codes))


def withhold(ctx: Ctx, invoice: InvoiceInfo) -> bool:
    """True after holding back the code of an invoice on its way to be debited; the second
    ask for the same invoice gets the code (False) with a warning about paying twice."""
    if not invoice.debit_bank or invoice.status != "open":
        return False
    if ctx.state.get(INSIST) == invoice.id:
        ctx.state.pop(INSIST, None)
        ctx.say("debit_pay_twice")
        return False
    ctx.state[INSIST] = invoice.id
    ctx.say("debit_hold", month=month(invoice.reference), amount=brl(invoice.amount_cents),
            due=day(invoice.due_date), bank=bank_label(invoice.debit_bank))  # fmt: skip
    return True
