"""One inbound chat message, end to end: recorded once, answered once, effects committed
with the new conversation state before anything is enqueued.

A repeated provider message id (Twilio retries, concurrent deliveries of the same webhook)
hits the unique row and changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.engine import handle
from bot.types import Inbound
from models import Conversation, InboundMessage
from services import settings
from services.bot_effects import EffectContext, apply_effects
from services.bot_view import DbBotView

log = logging.getLogger(__name__)
MAX_BODY_CHARS = 1600


@dataclass(frozen=True)
class InboundRequest:
    """A provider's inbound message, parsed and with the sender in E.164."""

    channel: str  # whatsapp | sms
    message_id: str
    phone: str
    to: str
    body: str
    num_media: int = 0


@dataclass
class Outcome:
    """What to answer and what to enqueue; `duplicate` when the message was seen before."""

    replies: list[str] = field(default_factory=list)
    delivery_ids: list[int] = field(default_factory=list)
    duplicate: bool = False


def _record(session: Session, request: InboundRequest, now: datetime) -> InboundMessage | None:
    """Insert the message row; None when this provider id was already recorded."""
    row = InboundMessage(
        provider_message_id=request.message_id,
        channel=request.channel,
        from_number=request.phone,
        to_number=request.to,
        body=request.body[: MAX_BODY_CHARS * 10],
        num_media=request.num_media,
        received_at=now,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    return row


def _conversation(session: Session, channel: str, phone: str) -> Conversation:
    """This number's conversation, locked for the rest of the transaction."""
    query = (
        select(Conversation)
        .where(Conversation.channel == channel, Conversation.phone == phone)
        .with_for_update()
    )
    conversation = session.scalar(query)
    if conversation is None:
        with session.begin_nested():
            conversation = Conversation(channel=channel, phone=phone, data={})
            session.add(conversation)
    return conversation


def handle_inbound(session: Session, request: InboundRequest, now: datetime) -> Outcome:
    """Record, decide, apply and commit; returns the replies and the deliveries to enqueue."""
    inbound = _record(session, request, now)
    if inbound is None:
        log.info("inbound %s message repeated; ignored", request.channel)
        return Outcome(duplicate=True)
    values = settings.load(session)
    if request.channel == "whatsapp" and not values.channel_product_enabled:
        inbound.processed_at = now
        session.commit()
        return Outcome()
    conversation = _conversation(session, request.channel, request.phone)
    step = handle(
        dict(conversation.data),
        Inbound(
            text=request.body[:MAX_BODY_CHARS],
            channel=request.channel,  # type: ignore[arg-type]
            phone=request.phone,
            now=now,
            message_id=request.message_id,
        ),
        DbBotView(session, values, now),
    )
    conversation.data = step.state
    conversation.last_inbound_at = now
    context = EffectContext(request.channel, request.phone, inbound.id, now, conversation)
    delivery_ids = apply_effects(session, context, step.effects)
    inbound.processed_at = now
    session.commit()
    return Outcome(replies=step.replies, delivery_ids=delivery_ids)
