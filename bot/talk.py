"""Small talk and outage reports: answered like a person would, in one short message."""

from __future__ import annotations

from bot import commands
from bot.context import Ctx
from bot.state import Action
from bot.types import OutageReported


def greeting_key(ctx: Ctx) -> str:
    """The text key of the greeting for the hour of the message, in local time."""
    hour = ctx.local_now.hour
    if 5 <= hour < 12:
        return "greeting_morning"
    return "greeting_afternoon" if 12 <= hour < 18 else "greeting_evening"


def greet(ctx: Ctx, action: Action | None = None) -> None:
    """A greeting: the greeting of the hour, then the menu."""
    commands.show_menu(ctx, hint=greeting_key(ctx))


def thank(ctx: Ctx, action: Action | None = None) -> None:
    """Thanks: one short line, no menu."""
    ctx.say("thanks")


def goodbye(ctx: Ctx, action: Action | None = None) -> None:
    """Goodbye: one short line, no menu."""
    ctx.say("goodbye")


def robot(ctx: Ctx, action: Action | None = None) -> None:
    """ "Você é um robô?": the honest answer and the way to a person."""
    ctx.say("robot")


def outage(ctx: Ctx, action: Action) -> None:
    """FALTA or "estou sem luz": the distributor's outage channels, the offer of a person,
    and the report recorded for staff (with the UC when it is clear)."""
    known = ctx.known_units()
    uc = action.uc or (known[0] if len(known) == 1 else None)
    ctx.effects.append(OutageReported(uc, ctx.inbound.text[:500]))
    ctx.say("outage", channels=_channels(ctx), message=_message(ctx))


def _channels(ctx: Ctx) -> str:
    """ "ligue 0800 … ou acesse https://…", from the settings; a generic line without them."""
    settings = ctx.settings
    ways = [f"ligue {settings.outage_phone}"] if settings.outage_phone else []
    if settings.outage_url:
        ways.append(f"acesse {settings.outage_url}")
    if not ways:
        return ctx.t("outage_no_channels")
    return ctx.t("outage_channels", ways=" ou ".join(ways))


def _message(ctx: Ctx) -> str:
    """The distributor's own outage message (WhatsApp only: SMS keeps to one segment)."""
    message = ctx.settings.outage_message.strip()
    return f"{message} " if message and not ctx.sms else ""
