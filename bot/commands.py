"""The conversation's general handlers (menu, help, opt-out, hand-off, unknown answers) and
the reading of a keyword command into an action."""

from __future__ import annotations

from dataclasses import replace

from billing.validation import InvalidValue
from bot import destinations
from bot.context import Ctx
from bot.grammar import Command
from bot.state import Action
from bot.texts import help_text, menu, menu_choice
from bot.types import OptIn, OptOut


def show_menu(ctx: Ctx, action: Action | None = None, *, hint: str = "greeting") -> None:
    """The numbered main menu (without the options switched off), after a hint line."""
    body = menu(sms=ctx.sms, off=ctx.off)
    ctx.replies.append(f"{ctx.t(hint)}{' ' if ctx.sms else chr(10)}{body}")
    ctx.offer(menu_choice(ctx.t(hint), off=ctx.off))


def unknown(ctx: Ctx) -> None:
    """Garbage or an unknown option: the menu again, with a one-line hint."""
    show_menu(ctx, hint="unknown")


def show_help(ctx: Ctx, action: Action) -> None:
    """AJUDA: the keyword list."""
    ctx.replies.append(
        help_text(
            sms=ctx.sms,
            whatsapp=ctx.settings.channel_enabled,
            updated_debt=ctx.settings.updated_debt_enabled,
        )
    )


def opt_out(ctx: Ctx, action: Action) -> None:
    """SAIR/PARAR/STOP: nothing more to this number until VOLTAR."""
    ctx.state["opted_out"] = True
    ctx.effects.append(OptOut())
    ctx.say("opted_out")


def remind_opted_out(ctx: Ctx) -> None:
    """Anything but VOLTAR from an opted-out number: one line saying how to come back."""
    ctx.say("opted_out_reminder")


def opt_in(ctx: Ctx, action: Action) -> None:
    """VOLTAR: this number may receive messages again; show the menu."""
    ctx.state.pop("opted_out", None)
    ctx.effects.append(OptIn())
    show_menu(ctx, hint="welcome_back")


def abort_flow(ctx: Ctx, action: Action) -> None:
    """A bare CANCELAR while a flow waits: the flow is dropped, nothing else happens."""
    ctx.done()
    ctx.say("flow_cancelled")


def _destination(ctx: Ctx, cmd: Command) -> str | None:
    """The keyword's destination validated; None when the flow should ask for it."""
    if cmd.medium == "whatsapp" and cmd.destination is None:
        return destinations.valid_mobile("", ctx.inbound.phone)
    if cmd.destination is None:
        return None
    return destinations.validate(cmd.medium or "email", cmd.destination, ctx.inbound.phone)


def keyword_action(ctx: Ctx, cmd: Command, with_destination: bool) -> Action | None:
    """The action of a keyword command, or None after explaining why it cannot run."""
    action = Action(cmd.name, uc=cmd.uc, ref=cmd.reference)
    if not with_destination or not cmd.medium:
        return action
    if cmd.medium == "whatsapp" and not ctx.settings.channel_enabled:
        ctx.say("whatsapp_off")
        return None
    try:
        dest = _destination(ctx, cmd)
    except InvalidValue as exc:
        ctx.say("bad_keyword_destination", problem=str(exc))
        return None
    return replace(action, medium=cmd.medium, dest=dest, printed=cmd.printed)
