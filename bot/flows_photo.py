"""The invoice a photographed bill showed, once its UC is identified: its state, then the
code to pay it (open) or its 2ª via (paid)."""

from __future__ import annotations

import logging

from billing.competence import month_label as month
from billing.money import format_brl as brl
from bot.context import Ctx
from bot.flows_invoice import give_codes
from bot.formatting import day, status_word
from bot.state import Action
from bot.types import SendDocument

log = logging.getLogger(__name__)


def show(ctx: Ctx, uc: str, action: Action) -> None:
    """After identification: what state the photographed invoice is in, and what to do."""
    invoice = next((i for i in ctx.view.invoices(uc) if i.id == action.invoice), None)
    if invoice is None:
        ctx.say("photo_old")
        return
    values = {"month": month(invoice.reference), "uc": uc, "amount": brl(invoice.amount_cents)}
    if invoice.status == "paid":
        ctx.say("photo_paid", **values)
        ctx.effects.append(SendDocument(invoice.id, "second_copy"))
        ctx.say("copy_sent", month=values["month"], amount=values["amount"])
        return
    if invoice.status == "open":
        ctx.say("photo_open", due=day(invoice.due_date), **values)
    else:
        ctx.say("photo_state", status=status_word(invoice.status), **values)
    give_codes(ctx, invoice)
