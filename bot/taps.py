"""Taps on WhatsApp lists and buttons, read as the words they stand for.

A tap arrives with the id we gave the option (`bot.choices`). A main-menu option (`m:<n>`)
runs that option whatever the conversation was doing, as MENU then `n` would. An answer
(`r:<answer>:<stamp>`) answers the waiting question only when it is that very question
(same step, asked at the same time); otherwise the tap is stale (the conversation moved on,
or it was answered already) and nothing is done twice: the consumer is told, and the
current question or the menu is shown again. An id we do not recognise is ignored and the
message's text (the option's title) is read as if typed.
"""

from __future__ import annotations

import logging

from bot import commands
from bot.choices import ANSWER_PREFIX, MENU_PREFIX
from bot.context import Ctx

log = logging.getLogger(__name__)
MAX_TAP = 200  # Twilio's limit for an item id


def text_of(ctx: Ctx, text: str) -> str | None:
    """The text to handle for this message (the tap's meaning, or `text` when it was not a
    tap we know); None when the tap was stale and has been answered here."""
    tap = (ctx.inbound.tap or "")[:MAX_TAP]
    if tap.startswith(MENU_PREFIX) and tap[len(MENU_PREFIX) :].isdigit():
        ctx.done()  # the main menu abandons any waiting question, as MENU does
        return tap[len(MENU_PREFIX) :]
    if not tap.startswith(ANSWER_PREFIX):
        return text
    answer, _, mark = tap[len(ANSWER_PREFIX) :].rpartition(":")
    if not answer:
        return text
    if ctx.waiting is not None and mark == ctx.question_stamp:
        return answer
    log.info("stale tap on an older question; not acted on")
    _stale(ctx)
    return None


def _stale(ctx: Ctx) -> None:
    """Say the tapped option is from an older message; keep the waiting question, if any."""
    if ctx.waiting is not None:
        ctx.say("tap_stale_waiting")
    else:
        commands.show_menu(ctx, hint="tap_stale")
