"""The conversation engine: one inbound message in, the next state, replies and effects out.

Pure: everything it knows about the world comes from the `BotView`; everything it wants done
is an effect in the returned `Step`. It walks the conversation table (`bot.conversation`):
keywords are global and abandon a waiting flow, except that a bare number or CPF answers a
flow that is waiting for one. FLOWS.md, beside this module, has the diagram and the state keys.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot import (
    choice_steps,
    choices,
    commands,
    conversation,
    free_text,
    handoff_flow,
    media_flow,
    runner,
    taps,
)
from bot.context import Ctx
from bot.grammar import Command, is_bare_number, menu_option
from bot.nlu.entities import document, reference
from bot.nlu.reading import MAX_CHARS, Reading, Sureness
from bot.state import Action, StepName, Waiting
from bot.types import BotView, Inbound, Step

log = logging.getLogger(__name__)
IDLE = timedelta(minutes=30)
ASKED_AT = "asked_at"  # when the waiting question was first asked (bot/choices.py stamps)
CONVERSATION_KEYS = ("pending", "verified", "offered", "slip", "misses", "debit_insist")
_STEP_NAME = re.compile(r"[a-z_]{1,40}")


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
    return fresh


def _waiting(pending: Any) -> Waiting | None:
    """The stored step, read back; an unknown or malformed one is logged and dropped, so the
    message is then handled as if nothing were waiting."""
    if pending is None:
        return None
    step = pending.get("step") if isinstance(pending, dict) else None
    try:
        name = StepName(step)
        data = conversation.STEPS[name].payload.from_json(pending)
        action = getattr(data, "action", None)
        if action is not None and action.do not in conversation.INTENTS:
            raise ValueError("unknown intent")
    except (KeyError, TypeError, ValueError):
        shown = step if isinstance(step, str) and _STEP_NAME.fullmatch(step) else "?"
        log.warning("stored conversation step %s unknown or malformed: starting over", shown)
        return None
    return Waiting(name, data)


def _answer(ctx: Ctx, waiting: Waiting, text: str) -> None:
    """Give `text` to the waiting step; an identification step may hand back its action."""
    resumed = conversation.STEPS[waiting.step].answer(ctx, waiting.data, text)
    if resumed is not None:
        runner.run(ctx, conversation.INTENTS[resumed.do], resumed)


def _keyword(ctx: Ctx, cmd: Command, text: str = "") -> None:
    """A keyword command: any waiting flow is abandoned, then the intent runs."""
    intent = conversation.INTENTS[cmd.name]
    if intent.bare_while_waiting and ctx.waiting and not (cmd.medium or cmd.uc):
        intent.bare_while_waiting(ctx, Action(intent.name))
        return
    ctx.done()
    if intent.run_for_unit is not None and cmd.error:
        ctx.say(cmd.error)  # the error names its explanation, e.g. bad_month
        return
    if not runner.available(ctx, intent):
        return
    if intent.run is not None:
        runner.run(ctx, intent, Action(intent.name, uc=cmd.uc))
        return
    if cmd.extra and not cmd.reference:  # "2 via de outubro"
        cmd = replace(cmd, reference=reference(text, ctx.today))
    action = commands.keyword_action(ctx, cmd, intent.destination)
    if action is not None:
        runner.run(ctx, intent, action)
        if cmd.extra:  # "2 via da uc 200200 cpf 529.982.247-25"
            free_text.document_too(ctx, document(text))


def _menu(ctx: Ctx, number: int) -> None:
    """A main-menu option typed while nothing waits; an unknown number is not understood."""
    intent = conversation.MENU.get(number)
    if intent is None:
        conversation.UNKNOWN(ctx)  # a number: they expect a menu, so show it
    elif runner.available(ctx, intent):
        runner.run(ctx, intent, Action(intent.name, menu=number))


def _overruled(ctx: Ctx, cmd: Command, text: str) -> Reading | None:
    """The free-text reading that takes over a keyword followed by other words ("oi, quero a
    2 via", "parar de receber pelo zap"), or None when the keyword stands. SAIR/PARAR/STOP
    act only alone."""
    if not cmd.extra:
        return None
    found = free_text.reading(ctx, text)
    if cmd.name == "sair" or free_text.clearly_out_of_scope(found):  # "debito automatico"
        return found
    # ADERIR/CANCELAR with words: free text reads them whole (address, paper) and confirms
    own = found.intent == cmd.name and not conversation.INTENTS[cmd.name].destination
    return found if found.sureness is Sureness.SURE and not own else None


def _while_waiting(ctx: Ctx, waiting: Waiting, text: str) -> None:
    """A message while a step waits: its answer, else free text, else the step's question
    again (or, for a clarifying question, a miss)."""
    row = conversation.STEPS[waiting.step]
    taken = row.takes(text, ctx.today)
    if taken is not None:
        _answer(ctx, waiting, taken)
        return
    found = free_text.reading(ctx, text)
    if free_text.understand(ctx, text, found):
        return
    if row.asks_again:
        _answer(ctx, waiting, text)  # means nothing: the step asks again
    else:
        ctx.done()
        free_text.miss(ctx, text, found)


def _dispatch(ctx: Ctx) -> None:
    """Opt-out first, then answers to a waiting flow, keywords, menu numbers, free text. Only
    the first MAX_CHARS characters are read: no message costs more than a long one."""
    text = (ctx.inbound.text or "")[:MAX_CHARS]
    cmd = conversation.parse(text)
    if ctx.state.get("opted_out"):
        if cmd is not None and not cmd.extra and conversation.INTENTS[cmd.name].while_opted_out:
            _keyword(ctx, cmd)
        else:
            conversation.OPTED_OUT(ctx)
        return
    if handoff_flow.steps_aside(ctx, cmd) or media_flow.answer(ctx):
        return
    if ctx.inbound.tap:
        tapped = taps.text_of(ctx, text)
        if tapped is None:
            return
        text, cmd = tapped, conversation.parse(tapped)
    if handoff_flow.survey(ctx, cmd, text):
        return
    waiting = ctx.waiting
    if waiting is not None and (cmd is None or is_bare_number(text)):
        _while_waiting(ctx, waiting, text)
        return
    found = _overruled(ctx, cmd, text) if cmd is not None else None
    if cmd is not None and found is None:
        _keyword(ctx, cmd, text)
    elif cmd is None and (option := menu_option(text)) is not None:
        _menu(ctx, option)
    else:
        found = found or free_text.reading(ctx, text)  # read once, for both below
        if not free_text.understand(ctx, text, found):
            free_text.miss(ctx, text, found)


def _mark_question(ctx: Ctx, before: Any) -> None:
    """Keep when the waiting question was first asked (its taps' stamp): a new question, or
    the same step with other data, is a new time; asking the same one again is not."""
    pending = ctx.state.get("pending")
    if pending is None:
        ctx.state.pop(ASKED_AT, None)
    elif pending != before or ASKED_AT not in ctx.state:
        ctx.state[ASKED_AT] = ctx.inbound.now.isoformat()


def handle(state: dict[str, Any], inbound: Inbound, view: BotView) -> Step:
    """Answer one message: the next state (JSON-serialisable), replies and effects."""
    fresh = _fresh_state(state, inbound.now)
    pending = fresh.pop("pending", None)
    waiting = _waiting(pending)
    off = conversation.switched_off(view.settings)
    asked = choices.stamp(pending, fresh.get(ASKED_AT)) if waiting else ""
    ctx = Ctx(fresh, inbound, view, waiting=waiting, off=off, question_stamp=asked)
    misses = fresh.get(free_text.MISSES)
    _dispatch(ctx)
    choice_steps.attach(ctx)
    if ctx.state.get(free_text.MISSES) == misses:  # understood: the misses start over
        ctx.state.pop(free_text.MISSES, None)
    if ctx.waiting is not None:
        ctx.state["pending"] = ctx.waiting.to_json()
    _mark_question(ctx, pending)
    if not ctx.state.get("verified"):
        ctx.state.pop("verified", None)
    ctx.state["last_at"] = inbound.now.isoformat()
    log.debug("bot step: %d replies, %d effects", len(ctx.replies), len(ctx.effects))
    mark = choices.stamp(ctx.state.get("pending"), ctx.state.get(ASKED_AT))
    return Step(
        state=ctx.state,
        replies=ctx.rendered(),
        effects=ctx.effects,
        stored_text=ctx.stored_text,
        choices=tuple((i, choices.stamped(c, mark)) for i, c in ctx.choices),
    )
