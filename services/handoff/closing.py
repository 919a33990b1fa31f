"""Encerrar (closing): the staff member who has the hand-off closes it with a short reason; the bot
answers the number again and asks the 1-5 survey ("De 1 a 5, como foi o atendimento?"),
sent through the chat's channel. On WhatsApp outside the 24-hour window no free-form message
may go: the survey is recorded as not sent, and the bot does not wait for a rating."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.formatting import render_for_channel
from bot.texts import text
from models import Handoff, HandoffMessage
from services.core.logging_setup import redact
from services.core.runtime import Runtime
from services.handoff import audit, window
from services.handoff.assignment import Refused, refusal
from services.handoff.conversation_state import hand_back

log = logging.getLogger(__name__)
MAX_REASON = 200
OUTSIDE = "fora da janela de 24 horas do WhatsApp: a pesquisa de satisfação não foi enviada"


def survey_text(channel: str) -> str:
    """The survey question as the channel sends it."""
    sms = channel == "sms"
    return " ".join(render_for_channel(text("survey_question", sms=sms), sms=sms))


def close(
    session: Session, runtime: Runtime, handoff: Handoff, login: str, reason: str, now: datetime
) -> HandoffMessage:
    """Close the hand-off and record the survey (queued, or failed outside the window);
    the caller commits, then enqueues a queued survey. Refused without a reason or when
    `login` does not have the open hand-off."""
    reason = " ".join(reason.split())
    if not reason:
        raise Refused("informe o motivo do encerramento")
    if len(reason) > MAX_REASON:
        raise Refused(f"o motivo passa de {MAX_REASON} caracteres")
    closed = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff.id, Handoff.handled_at.is_(None), Handoff.assigned_to == login)
        .values(handled_at=now, handled_by=login, close_reason=redact(reason))
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(handoff)
    if closed != 1:
        raise Refused(refusal(handoff, login))
    reachable = window.open_for(session, runtime, handoff, now)
    hand_back(session, handoff.channel, handoff.phone, handoff.id, now, survey=reachable)
    survey = HandoffMessage(
        handoff_id=handoff.id,
        author=login,
        kind="survey",
        body=survey_text(handoff.channel),
        status="queued" if reachable else "failed",
        error=None if reachable else OUTSIDE,
        created_at=now,
        updated_at=now,
    )
    session.add(survey)
    session.flush()
    audit.record(session, login, "handoff.close", handoff, survey=reachable)
    log.info("hand-off %s closed by %s", handoff.protocol, login)
    return survey
