"""The conversation engine: one inbound message in, the next state, replies and effects out.

Pure: everything it knows about the world comes from the `BotView`; everything it wants done
is an effect in the returned `Step`. Keywords are global fallbacks checked before any waiting
flow (like python-telegram-bot's ConversationHandler), except that a bare number or CPF answers
a flow that is waiting for one. See FLOWS.md for the diagram and the state keys.
"""

from __future__ import annotations

import copy
import logging
from datetime import datetime, timedelta
from typing import Any

from bot import actions, commands
from bot.context import Ctx
from bot.grammar import is_bare_number, menu_option, parse
from bot.types import BotView, Inbound, Step

log = logging.getLogger(__name__)
IDLE = timedelta(minutes=30)
CONVERSATION_KEYS = ("pending", "verified", "offered", "slip")


def _idle(last_at: Any, now: datetime) -> bool:
    """True when the previous message is more than 30 minutes old (or unreadable)."""
    if not isinstance(last_at, str):
        return False
    try:
        return now - datetime.fromisoformat(last_at) > IDLE
    except (ValueError, TypeError):
        return True


def _fresh_state(state: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A private copy of the state; after 30 idle minutes the conversation starts over."""
    fresh = copy.deepcopy(state) if isinstance(state, dict) else {}
    if _idle(fresh.get("last_at"), now):
        for key in CONVERSATION_KEYS:
            fresh.pop(key, None)
    if not isinstance(fresh.get("pending"), dict):
        fresh.pop("pending", None)
    return fresh


def _dispatch(ctx: Ctx) -> None:
    """Opt-out first, then bare answers to a waiting flow, keywords, flow answers, menu."""
    text = ctx.inbound.text or ""
    command = parse(text)
    if ctx.state.get("opted_out"):
        if command is not None and command.name == "voltar":
            commands.opt_in(ctx)
        else:
            ctx.say("opted_out_reminder")
        return
    if ctx.pending and is_bare_number(text) and actions.answer(ctx, text):
        return
    if command is not None:
        commands.execute(ctx, command)
        return
    if ctx.pending and actions.answer(ctx, text):
        return
    option = menu_option(text)
    if option is not None:
        commands.menu_option(ctx, option)
    else:
        commands.unknown(ctx)


def handle(state: dict[str, Any], inbound: Inbound, view: BotView) -> Step:
    """Answer one message: the next state (JSON-serialisable), replies and effects."""
    ctx = Ctx(_fresh_state(state, inbound.now), inbound, view)
    _dispatch(ctx)
    if not ctx.state.get("verified"):
        ctx.state.pop("verified", None)
    ctx.state["last_at"] = inbound.now.isoformat()
    log.debug("bot step: %d replies, %d effects", len(ctx.replies), len(ctx.effects))
    return Step(
        state=ctx.state, replies=ctx.rendered(), effects=ctx.effects, stored_text=ctx.stored_text
    )
