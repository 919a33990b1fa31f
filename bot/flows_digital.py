"""Digital-invoice flows: the menu path (aderir, ver, cancelar) and the one-message keywords."""

from __future__ import annotations

from dataclasses import replace

from billing.validation import InvalidValue
from bot import destinations
from bot.context import Ctx
from bot.formatting import labelled_destination
from bot.grammar import fold, pick, yes_no
from bot.state import Action, DigitalMenu, Enrollment, Pair, PickCancel, StepName
from bot.texts_flows import CONSENT_VERSION
from bot.types import Enroll, EnrollmentInfo, Medium, Unenroll

MEDIUM_ANSWERS: dict[str, Medium] = {"1": "email", "EMAIL": "email", "E-MAIL": "email",
                  "2": "whatsapp", "WHATSAPP": "whatsapp", "ZAP": "whatsapp"}  # fmt: skip


def menu(ctx: Ctx, uc: str, action: Action) -> None:
    """The digital-invoice submenu: aderir, ver or cancelar for the UC."""
    ctx.wait(StepName.DIGITAL_MENU, DigitalMenu(uc))
    ctx.say("digital_menu", uc=uc)


def answer_menu(ctx: Ctx, data: DigitalMenu, answer: str) -> None:
    """The digital-invoice submenu choice."""
    choice = {"1": start, "2": show, "3": cancel}.get(answer.strip().rstrip(".)"))
    if choice is None:
        ctx.say("pick_invalid", n=3)
        return
    ctx.done()
    choice(ctx, data.uc, Action("digital"))


def start(ctx: Ctx, uc: str, action: Action, dests: tuple[Pair, ...] = ()) -> None:
    """Begin enrolling: ask the medium (WhatsApp only with Channel), then the destination."""
    medium = action.medium or (None if ctx.settings.channel_enabled else "email")
    data = Enrollment(uc, dests, action.printed)
    if medium == "whatsapp" and not ctx.settings.channel_enabled:
        ctx.say("whatsapp_off")
    elif medium is None:
        ctx.wait(StepName.MEDIUM, data)
        ctx.say("ask_medium")
    else:
        _ask_destination(ctx, data, medium)


def _ask_destination(ctx: Ctx, data: Enrollment, medium: Medium) -> None:
    """Ask for an e-mail or a WhatsApp number."""
    ctx.wait(StepName.DESTINATION, replace(data, medium=medium))
    ctx.say("ask_email" if medium == "email" else "ask_whatsapp")


def answer_medium(ctx: Ctx, data: Enrollment, answer: str) -> None:
    """1 e-mail or 2 WhatsApp (an address typed straight away is taken as the e-mail)."""
    if "@" in answer:
        answer_destination(ctx, replace(data, medium="email"), answer)
        return
    medium = MEDIUM_ANSWERS.get(fold(answer).rstrip(".)"))
    if medium is None:
        ctx.say("pick_invalid", n=2)
        return
    _ask_destination(ctx, data, medium)


def answer_destination(ctx: Ctx, data: Enrollment, answer: str) -> None:
    """Validate the destination; already enrolled or invalid ones are explained and re-asked."""
    medium, uc = data.medium or "email", data.uc
    try:
        dest = destinations.validate(medium, answer, ctx.inbound.phone)
    except InvalidValue as exc:
        ctx.say("bad_destination", problem=str(exc))
        return
    taken = [(r.medium, r.destination) for r in ctx.view.enrollments(uc)] + list(data.dests)
    if any(m == medium and destinations.same(m, d, dest) for m, d in taken):
        ctx.say("already_enrolled", dest=labelled_destination(medium, dest), uc=uc)
        if not data.dests:
            ctx.say("already_try_other")
            return
    else:
        data = replace(data, dests=(*data.dests, (medium, dest)))
    ctx.wait(StepName.MORE, data)
    ctx.say("ask_more")


def answer_more(ctx: Ctx, data: Enrollment, answer: str) -> None:
    """Another recipient (loop) or go on to the printed-copy question."""
    more = yes_no(answer)
    if more is None:
        ctx.say("yes_no")
    elif more:
        start(ctx, data.uc, Action("aderir", printed=data.printed), data.dests)
    else:
        ctx.wait(StepName.PRINTED, data)
        ctx.say("ask_printed")


def answer_printed(ctx: Ctx, data: Enrollment, answer: str) -> None:
    """Keep the printed copy or not; then show the consent text and ask to confirm."""
    printed = yes_no(answer)
    if printed is None:
        ctx.say("yes_no")
        return
    ctx.wait(StepName.CONFIRM, replace(data, printed=printed))
    consent = destinations.consent_text(ctx, data.uc, data.dests, printed)
    ctx.replies.append(f"{consent}\n{ctx.t('confirm')}")


def confirmed(ctx: Ctx, answer: str, declined: str) -> bool:
    """A sim/não confirmation: True for sim (the flow is done); for não the flow is done and
    `declined` said; anything else asks again. False in both of those cases."""
    ok = yes_no(answer)
    if ok is None:
        ctx.say("yes_no")
        return False
    ctx.done()
    if not ok:
        ctx.say(declined)
    return ok


def answer_confirm(ctx: Ctx, data: Enrollment, answer: str) -> None:
    """Sim: enrol every destination with the consent shown; não: nothing changes."""
    if not confirmed(ctx, answer, "enrol_dropped"):
        return
    _enroll(ctx, data.uc, data.dests, data.printed)
    ctx.say("enrolled")


def _enroll(ctx: Ctx, uc: str, dests: tuple[Pair, ...], printed: bool) -> str:
    """One Enrol effect per destination, recording the consent text as shown; returns it."""
    consent = ctx.shown(destinations.consent_text(ctx, uc, dests, printed))
    for medium, dest in dests:
        ctx.effects.append(Enroll(uc, medium, dest, printed, consent, CONSENT_VERSION))
    return consent


def enroll_now(ctx: Ctx, uc: str, action: Action) -> None:
    """ADERIR: complete at once when medium and destination are given, else ask for them."""
    medium, dest = action.medium, action.dest
    if not medium or not dest:
        start(ctx, uc, action)
        return
    if destinations.find(ctx.view.enrollments(uc), medium, dest):
        ctx.say("already_enrolled", dest=labelled_destination(medium, dest), uc=uc)
        return
    consent = _enroll(ctx, uc, ((medium, dest),), action.printed)
    ctx.replies.append(f"{ctx.t('enrolled')}\n{consent}")


def cancellable(ctx: Ctx, uc: str) -> tuple[Pair, ...]:
    """The UC's enrolments the consumer may cancel here (WhatsApp ones only with Channel)."""
    return tuple(
        (r.medium, r.destination)
        for r in ctx.view.enrollments(uc)
        if r.medium == "email" or ctx.settings.channel_enabled
    )


def show(ctx: Ctx, uc: str, action: Action) -> None:
    """ADESAO / digital submenu 2: the UC's enrolments, masked."""
    rows = ctx.view.enrollments(uc)
    if not rows:
        ctx.say("no_enrolments", uc=uc)
        return
    lines = [f"{n}) {_enrollment_line(ctx, r)}" for n, r in enumerate(rows, start=1)]
    ctx.say("enrolments", uc=uc, lines="\n".join(lines))


def _enrollment_line(ctx: Ctx, row: EnrollmentInfo) -> str:
    """One enrolment, masked, with its printed copy and (Channel off) WhatsApp paused."""
    line = labelled_destination(row.medium, row.destination)
    if row.keep_printed:
        line += " (com cópia impressa)"
    if row.medium == "whatsapp" and not ctx.settings.channel_enabled:
        line += " (pausado)"
    return line


def cancel(ctx: Ctx, uc: str, action: Action) -> None:
    """CANCELAR: remove the given destination, or list the enrolments to pick one."""
    medium, dest = action.medium, action.dest
    if medium and dest:
        row = destinations.find(ctx.view.enrollments(uc), medium, dest)
        key = "unenrolled" if row else "not_enrolled"
        if row:
            ctx.effects.append(Unenroll(uc, row.medium, row.destination))
        ctx.say(key, dest=labelled_destination(medium, dest), uc=uc)
        return
    rows = cancellable(ctx, uc)
    if not rows:
        ctx.say("no_enrolments", uc=uc)
        return
    offer_pick(ctx, uc, rows)


def offer_pick(ctx: Ctx, uc: str, rows: tuple[Pair, ...], *, confirm: bool = False) -> None:
    """Number the enrolments and wait for the one to cancel."""
    lines = [f"{n}) {labelled_destination(m, d)}" for n, (m, d) in enumerate(rows, start=1)]
    ctx.wait(StepName.PICK_CANCEL, PickCancel(uc, rows, confirm=confirm))
    ctx.say("pick_cancel", lines="\n".join(lines))


def picked(ctx: Ctx, data: PickCancel, answer: str) -> Pair | None:
    """The enrolment chosen from the list (the flow is then done), or None after asking
    again."""
    row = pick(data.rows, answer)
    if row is None:
        ctx.say("pick_invalid", n=len(data.rows))
        return None
    ctx.done()
    return row


def remove(ctx: Ctx, uc: str, row: Pair) -> None:
    """Unenrol one recipient and say so."""
    medium, dest = row
    ctx.effects.append(Unenroll(uc, medium, dest))
    ctx.say("unenrolled", dest=labelled_destination(medium, dest), uc=uc)


def answer_cancel(ctx: Ctx, data: PickCancel, answer: str) -> None:
    """The enrolment chosen from the list is removed."""
    if (row := picked(ctx, data, answer)) is not None:
        remove(ctx, data.uc, row)
