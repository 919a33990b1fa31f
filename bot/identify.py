"""Which UC the consumer means, and whether they may see it (docs/product.md, identification).

A UC bound to this number is identified at once; any other UC needs the titular's CPF/CNPJ.
Unknown UC and wrong document get the same reply, so the bot never reveals whether a UC
exists or whose it is.
"""

from __future__ import annotations

import logging
from typing import Any

from billing.validation import InvalidValue, normalise_document
from bot.context import Ctx
from bot.formatting import mask_address, mask_name
from bot.grammar import digits, is_bare_number
from bot.types import IdentificationFailed, ReregistrationOffered

log = logging.getLogger(__name__)
DIGITAL_ACTIONS = {"digital", "aderir", "adesao", "cancelar"}
MAX_UC_DIGITS = 20  # the longest UC any distributor numbers (and the column's width)


def resolve(ctx: Ctx, action: dict[str, Any]) -> str | None:
    """The UC the action is about, or None after asking which one."""
    if action.get("uc"):
        return action["uc"]
    known = ctx.known_units()
    if len(known) == 1:
        return known[0]
    if known:
        ctx.wait("choose_uc", action=action, ucs=known)
        ctx.say("choose_uc", lines=_uc_lines(ctx, known))
        return None
    if ctx.view.locked(ctx.inbound.phone, None):
        _locked(ctx)
        return None
    ctx.wait("ask_uc", action=action)
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


def _locked(ctx: Ctx) -> None:
    """The lock reply, and nothing else."""
    ctx.done()
    ctx.say("locked")


def identified(ctx: Ctx, uc: str, action: dict[str, Any]) -> bool:
    """True when the UC may be shown now; otherwise asks for the CPF/CNPJ (or says locked).
    A UC longer than any real one is refused before a CPF is asked."""
    if uc in ctx.known_units():
        return True
    if len(uc) > MAX_UC_DIGITS:
        ctx.wait("ask_uc", action={**action, "uc": None})
        ctx.say("uc_too_long", max=MAX_UC_DIGITS)
        return False
    if ctx.view.locked(ctx.inbound.phone, uc):
        _locked(ctx)
        return False
    ctx.wait("ask_cpf", action={**action, "uc": uc})
    ctx.say("ask_cpf", uc=uc)
    return False


def answer_uc(ctx: Ctx, pending: dict[str, Any], text: str) -> dict[str, Any] | None:
    """The typed UC number: the action to run with it, or None after asking again."""
    number = digits(text)
    if not number:
        ctx.say("ask_uc_again")
        return None
    if len(number) > MAX_UC_DIGITS:
        ctx.say("uc_too_long", max=MAX_UC_DIGITS)
        return None
    ctx.done()
    return {**pending["action"], "uc": number}


def answer_choice(ctx: Ctx, pending: dict[str, Any], text: str) -> dict[str, Any] | None:
    """An option of the UC list (or another UC typed in full): the action to run."""
    ucs: list[str] = pending["ucs"]
    number = digits(text) if is_bare_number(text) else ""
    if number.isdigit() and 1 <= int(number) <= len(ucs) and len(number) <= 2:
        uc = ucs[int(number) - 1]
    elif len(number) > 2:
        uc = number
    else:
        ctx.say("pick_invalid", n=len(ucs))
        return None
    ctx.done()
    return {**pending["action"], "uc": uc}


def answer_document(ctx: Ctx, pending: dict[str, Any], text: str) -> dict[str, Any] | None:
    """Check the CPF/CNPJ against the UC: the action to run when it matches, else None.

    The check counts the guess atomically before comparing (BotView.check_document), so
    the lock holds however many numbers guess at the same moment."""
    action = pending["action"]
    uc = action["uc"]
    if ctx.view.locked(ctx.inbound.phone, uc):
        _locked(ctx)
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
        _locked(ctx)
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
    return action


def offer_reregistration(ctx: Ctx, uc: str, action: str) -> None:
    """Offer the digital invoice for an identified UC without one, once per conversation."""
    if action in DIGITAL_ACTIONS or ctx.state.get("offered") or ctx.pending:
        return
    if not ctx.settings.reregistration_enabled or not ctx.view.reregistration_due(uc):
        return
    ctx.state["offered"] = True
    media = "e-mail ou WhatsApp" if ctx.settings.channel_enabled else "e-mail"
    ctx.say("reregistration", media=media)
    ctx.effects.append(ReregistrationOffered(uc))
