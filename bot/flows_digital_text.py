"""The digital invoice asked for in free text: what the sentence said is filled in, and
nothing changes before the consumer confirms ("quero a conta no email x@y.com sem papel",
"parar de receber a conta pelo zap")."""

from __future__ import annotations

from dataclasses import replace

from billing.validation import InvalidValue
from bot import destinations
from bot import flows_digital as digital
from bot.context import Ctx
from bot.formatting import labelled_destination
from bot.state import Action, ConfirmCancel, Enrollment, Pair, PickCancel, StepName


def enroll(ctx: Ctx, uc: str, action: Action) -> None:
    """ADERIR (keyword or menu), or the same asked in free text (`action.confirm`)."""
    if action.confirm:
        _enroll(ctx, uc, action)
    else:
        digital.enroll_now(ctx, uc, action)


def cancel(ctx: Ctx, uc: str, action: Action) -> None:
    """CANCELAR (keyword or menu), or the same asked in free text (`action.confirm`)."""
    if action.confirm:
        _cancel(ctx, uc, action)
    else:
        digital.cancel(ctx, uc, action)


def _enroll(ctx: Ctx, uc: str, action: Action) -> None:
    """ "quero a fatura no email x@y.com": skip the questions the sentence answered (medium,
    address, printed copy), then show the consent and ask to confirm it."""
    medium = action.medium
    if medium == "whatsapp" and not action.dest and not ctx.sms:
        action = replace(action, dest=ctx.inbound.phone)
    if not medium or not action.dest:
        digital.start(ctx, uc, action)
        return
    try:
        dest = destinations.validate(medium, action.dest, ctx.inbound.phone)
    except InvalidValue as exc:
        ctx.say("bad_keyword_destination", problem=str(exc))
        digital.start(ctx, uc, replace(action, dest=None))
        return
    if destinations.find(ctx.view.enrollments(uc), medium, dest):
        ctx.say("already_enrolled", dest=labelled_destination(medium, dest), uc=uc)
        return
    data = Enrollment(uc, ((medium, dest),), action.printed, medium)
    if action.printed_said:
        digital.answer_printed(ctx, data, "sim" if action.printed else "nao")
    else:
        ctx.wait(StepName.PRINTED, data)
        ctx.say("ask_printed")


def _cancel(ctx: Ctx, uc: str, action: Action) -> None:
    """ "parar de receber a conta pelo zap": the enrolments of that medium (of that address,
    when typed); one is confirmed with sim/não, several are listed first."""
    rows = [r for r in digital.cancellable(ctx, uc) if action.medium in (None, r[0])]
    if action.dest:
        rows = [r for r in rows if destinations.same(r[0], r[1], action.dest)]
    if not rows:
        if action.medium and action.dest:
            dest = labelled_destination(action.medium, action.dest)
            ctx.say("not_enrolled", dest=dest, uc=uc)
        else:
            ctx.say("no_enrolments", uc=uc)
        return
    mine = [r for r in rows if r[0] == "whatsapp" and r[1] == ctx.inbound.phone]
    if len(rows) == 1 or (action.medium == "whatsapp" and len(mine) == 1):
        _confirm_cancel(ctx, uc, (mine or rows)[0])
        return
    digital.offer_pick(ctx, uc, tuple(rows), confirm=True)


def _confirm_cancel(ctx: Ctx, uc: str, row: Pair) -> None:
    """Ask sim/não before cancelling one enrolment."""
    ctx.wait(StepName.CONFIRM_CANCEL, ConfirmCancel(uc, row))
    ctx.say("confirm_cancel", dest=labelled_destination(*row), uc=uc)


def answer_confirm(ctx: Ctx, data: ConfirmCancel, answer: str) -> None:
    """Sim: the enrolment is removed; não: nothing changes."""
    if digital.confirmed(ctx, answer, "cancel_kept"):
        digital.remove(ctx, data.uc, data.row)


def answer_pick(ctx: Ctx, data: PickCancel, answer: str) -> None:
    """The enrolment chosen from the list: removed, or (free text) confirmed first."""
    row = digital.picked(ctx, data, answer)
    if row is None:
        return
    if data.confirm:
        _confirm_cancel(ctx, data.uc, row)
    else:
        digital.remove(ctx, data.uc, row)
