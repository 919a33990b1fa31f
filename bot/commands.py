"""Keyword commands and main-menu options: the global entry points of the conversation."""

from __future__ import annotations

from typing import Any

from billing.validation import InvalidValue
from bot import actions, destinations, flows_invoice
from bot.context import Ctx
from bot.grammar import Command
from bot.texts import help_text, menu
from bot.types import Handoff, OptIn, OptOut

ACTION_OF = {
    "2via": "2via", "barra": "barra", "debitos": "debitos", "atualizar": "atualizar",
    "aderir": "aderir", "adesao": "adesao", "cancelar": "cancelar",
}  # fmt: skip
MENU_ACTIONS = {1: "2via_list", 2: "barra_open", 3: "digital", 4: "debitos", 5: "atualizar"}


def show_menu(ctx: Ctx, *, greet: bool = True, hint: str = "greeting") -> None:
    """The numbered main menu, after a greeting or a hint line."""
    body = menu(sms=ctx.sms, updated_debt=ctx.settings.updated_debt_enabled)
    head = ctx.t(hint) if greet else ""
    ctx.replies.append(f"{head}{' ' if ctx.sms else chr(10)}{body}" if head else body)


def unknown(ctx: Ctx) -> None:
    """Garbage or an unknown option: the menu again, with a one-line hint."""
    show_menu(ctx, hint="unknown")


def _help(ctx: Ctx) -> None:
    """AJUDA: the keyword list."""
    ctx.replies.append(
        help_text(
            sms=ctx.sms,
            whatsapp=ctx.settings.channel_enabled,
            updated_debt=ctx.settings.updated_debt_enabled,
        )
    )


def opt_out(ctx: Ctx) -> None:
    """SAIR/PARAR/STOP: nothing more to this number until VOLTAR."""
    ctx.state["opted_out"] = True
    ctx.effects.append(OptOut())
    ctx.say("opted_out")


def opt_in(ctx: Ctx) -> None:
    """VOLTAR: this number may receive messages again; show the menu."""
    ctx.state.pop("opted_out", None)
    ctx.effects.append(OptIn())
    show_menu(ctx, hint="welcome_back")


def handoff(ctx: Ctx, reason: str) -> None:
    """ATENDENTE / menu 6: record a hand-off for staff (with the UC when it is clear)."""
    known = ctx.known_units()
    ctx.effects.append(Handoff(known[0] if len(known) == 1 else None, reason))
    ctx.say("handoff")


def menu_option(ctx: Ctx, option: int) -> None:
    """A bare digit while nothing is pending: the main-menu option."""
    if option == 6:
        handoff(ctx, "Pediu atendente pelo menu (opção 6)")
    elif option == 5 and not ctx.settings.updated_debt_enabled:
        ctx.say("updated_off")
    elif option in MENU_ACTIONS:
        actions.run(ctx, {"do": MENU_ACTIONS[option], "uc": None})
    else:
        unknown(ctx)


def _destination(ctx: Ctx, cmd: Command) -> str | None:
    """The keyword's destination validated; None when the flow should ask (or after a reply)."""
    if cmd.medium == "whatsapp" and cmd.destination is None:
        return destinations.valid_mobile("", ctx.inbound.phone)
    if cmd.destination is None:
        return None
    return destinations.validate(cmd.medium or "email", cmd.destination, ctx.inbound.phone)


def _keyword_action(ctx: Ctx, cmd: Command) -> dict[str, Any] | None:
    """The action dict of a UC command, or None after explaining why it cannot run."""
    action: dict[str, Any] = {"do": ACTION_OF[cmd.name], "uc": cmd.uc, "ref": cmd.reference}
    if cmd.name not in ("aderir", "cancelar") or not cmd.medium:
        return action
    if cmd.medium == "whatsapp" and not ctx.settings.channel_enabled:
        ctx.say("whatsapp_off")
        return None
    try:
        dest = _destination(ctx, cmd)
    except InvalidValue as exc:
        ctx.say("bad_keyword_destination", problem=str(exc))
        return None
    return {**action, "medium": cmd.medium, "dest": dest, "printed": cmd.printed}


SIMPLE = {
    "menu": show_menu,
    "ajuda": _help,
    "sair": opt_out,
    "voltar": opt_in,
    "pdf": flows_invoice.send_slip,
}


def execute(ctx: Ctx, cmd: Command) -> None:
    """Run a keyword command; any waiting flow is abandoned (bare CANCELAR just aborts it)."""
    if cmd.name == "cancelar" and not (cmd.medium or cmd.uc) and ctx.pending:
        ctx.done()
        ctx.say("flow_cancelled")
        return
    ctx.done()
    if cmd.name in SIMPLE:
        SIMPLE[cmd.name](ctx)
    elif cmd.name == "atendente":
        handoff(ctx, "Pediu atendente (ATENDENTE)")
    elif cmd.error == "bad_month":
        ctx.say("bad_month")
    elif cmd.name == "atualizar" and not ctx.settings.updated_debt_enabled:
        ctx.say("updated_off")
    else:
        action = _keyword_action(ctx, cmd)
        if action is not None:
            actions.run(ctx, action)
