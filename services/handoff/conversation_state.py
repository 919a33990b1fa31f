"""Staff's side of the conversation state during a hand-off (the keys are described in
bot/handoff_flow.py and bot/FLOWS.md): once staff answer, the bot steps aside; when staff
close, the consumer is handed back to the bot with the 1-5 survey waiting for an answer.

The state is changed like the webhook changes it: read with its version, written only if the
version did not move (a consumer message in between makes us read again), so a staff action
and a consumer's message never overwrite each other.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import Conversation

log = logging.getLogger(__name__)
SURVEY_WAIT = timedelta(hours=24)
TRIES = 10


class StateRaced(RuntimeError):
    """The conversation kept moving while staff tried to change it."""


def _change(session: Session, channel: str, phone: str, edit: Callable[[dict], None]) -> None:
    """Apply `edit` to the conversation's state, optimistically (see the module docstring)."""
    for _ in range(TRIES):
        row = session.execute(
            select(Conversation.id, Conversation.data, Conversation.version).where(
                Conversation.channel == channel, Conversation.phone == phone
            )
        ).one_or_none()
        if row is None:
            return  # no conversation: nothing for the bot to know
        data: dict[str, Any] = copy.deepcopy(row.data) if isinstance(row.data, dict) else {}
        edit(data)
        moved = session.execute(
            update(Conversation)
            .where(Conversation.id == row.id, Conversation.version == row.version)
            .values(data=data, version=row.version + 1)
        )
        if moved.rowcount == 1:
            return
    raise StateRaced(f"conversation on {channel} kept moving")


def step_aside(session: Session, channel: str, phone: str) -> None:
    """Staff answered: the bot stops answering this number until the hand-off closes or the
    consumer sends MENU (also for a hand-off opened outside business hours)."""

    def edit(data: dict) -> None:
        handoff = data.get("handoff") if isinstance(data.get("handoff"), dict) else {}
        data["handoff"] = {**handoff, "quiet": True}
        data.pop("pending", None)

    _change(session, channel, phone, edit)


def hand_back(
    session: Session,
    channel: str,
    phone: str,
    handoff_id: int,
    now: datetime,
    *,
    survey: bool = True,
) -> None:
    """Staff closed the hand-off: the bot answers again, and the next message may be the
    survey's 1-5 answer (for the next 24 hours; not when the survey could not be sent)."""

    def edit(data: dict) -> None:
        data.pop("handoff", None)
        data.pop("survey", None)
        if survey:
            data["survey"] = {"id": handoff_id, "until": (now + SURVEY_WAIT).isoformat()}

    _change(session, channel, phone, edit)
    log.info("conversation handed back to the bot with the survey waiting")
