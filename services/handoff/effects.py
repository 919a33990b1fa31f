"""The bot's hand-off effects at the edge: a new hand-off (or outage report) gets its protocol
number, told to the consumer in the same answer; MENU closes the hand-off as returned to the
bot; the survey's answer is kept on the closed hand-off."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.formatting import render_for_channel
from bot.texts import text
from bot.types import SurveyAnswered
from models import Handoff
from services.core.logging_setup import redact
from services.handoff.protocols import next_protocol

log = logging.getLogger(__name__)
RETURNED = "O consumidor voltou ao atendimento automático (MENU)."


def protocol_replies(protocol: str, channel: str) -> list[str]:
    """ "Seu protocolo: …" as the channel sends it."""
    sms = channel == "sms"
    return render_for_channel(text("protocol_given", sms=sms, protocol=protocol), sms=sms)


def open_handoff(session: Session, handoff: Handoff, now: datetime) -> str:
    """Number and add the hand-off; its protocol."""
    handoff.protocol = next_protocol(session, now)
    handoff.created_at = now
    session.add(handoff)
    log.info("hand-off %s opened on %s", handoff.protocol, handoff.channel)
    return handoff.protocol


def _open_of(session: Session, channel: str, phone: str) -> Handoff | None:
    """The number's open hand-off on this channel (the newest, should there be several)."""
    return session.scalars(
        select(Handoff)
        .where(Handoff.channel == channel, Handoff.phone == phone, Handoff.handled_at.is_(None))
        .order_by(Handoff.id.desc())
        .limit(1)
    ).first()


def returned(session: Session, channel: str, phone: str, now: datetime) -> None:
    """MENU during a hand-off: closed, marked as given back to the bot."""
    handoff = _open_of(session, channel, phone)
    if handoff is None:
        return
    handoff.returned_at = handoff.handled_at = now
    handoff.handled_by = "consumidor"
    handoff.close_reason = RETURNED
    log.info("hand-off %s given back to the bot by the consumer", handoff.protocol)


def survey_answered(
    session: Session, channel: str, phone: str, effect: SurveyAnswered, now: datetime
) -> None:
    """Keep the rating (and comment, redacted) on the closed hand-off it was asked for; a
    hand-off of another number or channel is left alone."""
    handoff = session.get(Handoff, effect.handoff_id)
    if handoff is None or (handoff.channel, handoff.phone) != (channel, phone):
        log.warning("survey answer for a hand-off of another conversation: ignored")
        return
    if effect.rating is not None:
        handoff.rating, handoff.rated_at = effect.rating, now
    if effect.comment:
        handoff.rating_comment = redact(" ".join(effect.comment.split()))[:500]
