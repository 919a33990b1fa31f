"""Which UC the consumer means, and whether they may see it.

A UC bound to this number (the titular's phone on file) is identified at once; any other UC
needs the titular's CPF/CNPJ. Unknown UC and wrong document get the same reply, so the bot
never reveals whether a UC exists or whose it is; the view locks a number or a UC after too
many wrong guesses.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from billing.validation import InvalidValue, normalise_document
from bot.context import Ctx
from bot.formatting import mask_address, mask_name, wait_text
from bot.grammar import digits, is_bare_number, pick
from bot.state import Action, AskCpf, AskUc, ChooseUc, StepName
from bot.types import IdentificationFailed, ReregistrationOffered

log = logging.getLogger(__name__)
LOCK_MINUTES = 15  # the first lock; the view tells how long a later one lasts
MAX_UC_DIGITS = 20  # the longest UC any distributor numbers (and the column's width)


def resolve(ctx: Ctx, action: Action) -> str | None:
    """The UC the action is about, or None after asking which one."""
    if action.uc:
        return action.uc
    known = ctx.known_units()
    if len(known) == 1:
        return known[0]
    if known:
        ctx.wait(StepName.CHOOSE_UC, ChooseUc(action, tuple(known)))
        ctx.say("choose_uc", lines=_uc_lines(ctx, known))
        return None
    if _refused_while_locked(ctx, None):
        return None
    ctx.wait(StepName.ASK_UC, AskUc(action))
    ctx.say("ask_uc")
    return None


def _uc_lines(ctx: Ctx, ucs: list[str]) -> str:
    """Numbered UCs with their masked address, to choose from."""
    lines = []
    for number, uc in enumerate(ucs, start=1):
        unit = ctx.view.unit(uc)
        where = f" - {mask_address(unit.address)}" if unit and unit.address else ""
        lines.append(f"{number}) UC {uc}{where}")
    return "\n".join(lines)


def _refused_while_locked(ctx: Ctx, uc: str | None, *, refused: bool = False) -> bool:
    """While the number (or the UC) is locked, or when a guess's claim was `refused`: the
    lock reply with how long it lasts (each lock is longer than the last), and nothing
    else; True when it was given."""
    minutes = ctx.view.lock_minutes(ctx.inbound.phone, uc)
    if not (minutes or refused):
        return False
    ctx.done()
    ctx.say("locked", wait=wait_text(minutes or LOCK_MINUTES))
    return True


def identified(ctx: Ctx, uc: str, action: Action) -> bool:
    """True when the UC may be shown now; otherwise asks for the CPF/CNPJ (or says locked).
    A UC longer than any real one is refused before a CPF is asked."""
    if uc in ctx.known_units():
        return True
    if len(uc) > MAX_UC_DIGITS:
        ctx.wait(StepName.ASK_UC, AskUc(replace(action, uc=None)))
        ctx.say("uc_too_long", max=MAX_UC_DIGITS)
        return False
    if _refused_while_locked(ctx, uc):
        return False
    ctx.wait(StepName.ASK_CPF, AskCpf(replace(action, uc=uc)))
    ctx.say("ask_cpf", uc=uc)
    return False


def answer_uc(ctx: Ctx, data: AskUc, text: str) -> Action | None:
    """The typed UC number: the action to run with it, or None after asking again."""
    number = digits(text)
    if not number:
        ctx.say("ask_uc_again")
        return None
    if len(number) > MAX_UC_DIGITS:
        ctx.say("uc_too_long", max=MAX_UC_DIGITS)
        return None
    ctx.done()
    return replace(data.action, uc=number)


def answer_choice(ctx: Ctx, data: ChooseUc, text: str) -> Action | None:
    """An option of the UC list (or another UC typed in full, 3 digits or more): the action."""
    number = digits(text) if is_bare_number(text) else ""
    uc = number if len(number) > 2 else pick(data.ucs, text)
    if uc is None:
        ctx.say("pick_invalid", n=len(data.ucs))
        return None
    ctx.done()
    return replace(data.action, uc=uc)


def answer_document(ctx: Ctx, data: AskCpf, text: str) -> Action | None:
    """Check the CPF/CNPJ against the UC: the action to run when it matches, else None.

    The check counts the guess atomically before comparing (BotView.check_document), so
    the lock holds however many numbers guess at the same moment."""
    uc = data.uc
    if _refused_while_locked(ctx, uc):
        return None
    try:
        document = normalise_document(text)
    except InvalidValue:
        typed = digits(text)
        ctx.say("cpf_check_digits" if len(typed) in (11, 14) else "cpf_format")
        return None
    ctx.stored_text = "<cpf>" if len(document) == 11 else "<cnpj>"
    result = ctx.view.check_document(ctx.inbound.phone, uc, document)
    if result == "locked":
        _refused_while_locked(ctx, uc, refused=True)
        return None
    ctx.done()
    if result == "wrong":
        log.info("identification failed")
        ctx.effects.append(IdentificationFailed(uc))
        ctx.say("id_failed")
        return None
    unit = ctx.view.unit(uc)
    ctx.verified().append(uc)
    ctx.say("id_ok", uc=uc, name=mask_name(unit.holder_name if unit else ""))
    return data.action


def offer_reregistration(ctx: Ctx, uc: str) -> None:
    """Offer the digital invoice for an identified UC without one, once per conversation and
    never while a flow waits."""
    if ctx.state.get("offered") or ctx.waiting:
        return
    if not ctx.settings.reregistration_enabled or not ctx.view.reregistration_due(uc):
        return
    ctx.state["offered"] = True
    media = "e-mail ou WhatsApp" if ctx.settings.channel_enabled else "e-mail"
    ctx.say("reregistration", media=media)
    ctx.effects.append(ReregistrationOffered(uc))
