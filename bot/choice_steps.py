"""Which question a waiting step asks, as tappable options on WhatsApp (`bot.choices`).

Called once per message after the engine ran: when a flow waits at a step whose answers
are known (sim/não, the digital-invoice submenu, e-mail or WhatsApp, which UC, which
enrolment, which of two readings), the last reply (the question, or the line asking it
again) gets its options. Lists whose items need data the step does not keep (the
invoices) are offered where they are written (`bot.flows_invoice`), and the main menu by
`bot.commands.show_menu`.
"""

from __future__ import annotations

from bot.choices import Choice, clip, numbered, yes_no
from bot.context import Ctx
from bot.formatting import labelled_destination
from bot.state import ChooseUc, Clarify, PickCancel, StepName
from bot.texts_talk import LABELS

YES_NO_STEPS = {StepName.MORE, StepName.PRINTED, StepName.CONFIRM, StepName.CONFIRM_CANCEL}
DIGITAL = [("Aderir", ""), ("Ver cadastros", ""), ("Cancelar cadastro", "")]
MEDIUM = [("E-mail", ""), ("WhatsApp", "")]


def _options(ctx: Ctx, body: str) -> Choice | None:
    """The waiting step's question with its options, or None when it has none to tap."""
    waiting = ctx.waiting
    if waiting is None:
        return None
    step, data = waiting.step, waiting.data
    if step in YES_NO_STEPS or (isinstance(data, Clarify) and len(data.options) < 2):
        return yes_no(body)
    if step is StepName.DIGITAL_MENU:
        return numbered(body, DIGITAL)
    if step is StepName.MEDIUM:
        return numbered(body, MEDIUM)
    if isinstance(data, Clarify):
        titles = [(clip(LABELS.get(a.do, a.do), 24), LABELS.get(a.do, "")) for a in data.options]
        return numbered(body, titles)
    if isinstance(data, ChooseUc) and len(data.ucs) <= 10:
        return numbered(body, [(f"UC {uc}", "") for uc in data.ucs])
    if isinstance(data, PickCancel) and len(data.rows) <= 10:
        rows = [(clip(labelled_destination(m, d), 24), "") for m, d in data.rows]
        return numbered(body, rows)
    return None


def attach(ctx: Ctx) -> None:
    """Offer the waiting question's options under the last reply (WhatsApp only)."""
    if ctx.sms or not ctx.replies or any(i == len(ctx.replies) - 1 for i, _ in ctx.choices):
        return
    choice = _options(ctx, ctx.replies[-1])
    if choice is not None:
        ctx.offer(choice)
