"""Carrying an intent out: shared by keywords, menu options, free text and clarifications."""

from __future__ import annotations

from bot import conversation, identify
from bot.context import Ctx
from bot.state import Action


def available(ctx: Ctx, intent: conversation.Intent) -> bool:
    """True when the settings allow the intent; otherwise says so."""
    if intent.name in ctx.off:
        ctx.say(intent.off_text)
        return False
    return True


def run(ctx: Ctx, intent: conversation.Intent, action: Action) -> None:
    """Carry the intent out; one about a UC first resolves and identifies it (asking when
    needed), and afterwards may offer the digital invoice."""
    if intent.run is not None:
        intent.run(ctx, action)
        return
    handler = intent.run_for_unit
    uc = identify.resolve(ctx, action)
    if handler is None or uc is None or not identify.identified(ctx, uc, action):
        return
    handler(ctx, uc, action)
    if intent.offers_enrollment:
        identify.offer_reregistration(ctx, uc)


def start(ctx: Ctx, action: Action) -> None:
    """Run the action's intent from scratch, if the settings allow it."""
    intent = conversation.INTENTS[action.do]
    if available(ctx, intent):
        run(ctx, intent, action)
