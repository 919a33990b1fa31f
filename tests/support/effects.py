"""Carrying out bot effects as the webhook does, without the engine: an inbound message row,
then services.chat.bot_effects.apply_effects in the same transaction, committed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from models import InboundMessage, utcnow
from services.chat.bot_effects import EffectContext, apply_effects
from services.chat.conversations import stored_body

DEMO_PHONE = "+5531999990000"


def apply(
    session: Session,
    effects: list[Any],
    *,
    phone: str = DEMO_PHONE,
    channel: str = "whatsapp",
    now: datetime | None = None,
    body: str = "",
) -> int:
    """Record a message from `phone` and apply `effects` with it; returns the message's id."""
    now = now or utcnow()
    message = InboundMessage(
        provider_message_id="SM" + uuid.uuid4().hex,
        channel=channel,
        from_number=phone,
        body=stored_body(body, None),
        received_at=now,
        processed_at=now,
    )
    session.add(message)
    session.flush()
    apply_effects(session, EffectContext(channel, phone, message.id, now), effects)
    session.commit()
    return message.id
