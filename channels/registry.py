"""Chooses the adapter for a medium from the configuration: real provider or outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from channels.base import Channel
from channels.outbox import OutboxChannel
from channels.smtp import SmtpChannel
from channels.twilio_messaging import TwilioChannel
from config import Config
from models import Conversation, Database, DeliveryMedium

# `requested_by` of what a staff member asked for in the chat simulator: it goes to the
# outbox even with real providers configured, so the simulator never messages a real number.
SIMULATED = "simulador:"


def uses_outbox(medium: DeliveryMedium, config: Config, requested_by: str | None = None) -> bool:
    """True when `medium` has no provider credentials, or the request was simulated, and so
    goes to the outbox."""
    if (requested_by or "").startswith(SIMULATED):
        return True
    if medium is DeliveryMedium.EMAIL:
        return not config.smtp_configured
    return not config.twilio_rest_ready


def channel_for(
    medium: DeliveryMedium, config: Config, db: Database, requested_by: str | None = None
) -> Channel:
    """The adapter that sends `medium` messages under `config` (the outbox for a simulated
    request)."""
    if uses_outbox(medium, config, requested_by):
        return OutboxChannel(db, medium)
    if medium is DeliveryMedium.EMAIL:
        return SmtpChannel(config)
    return TwilioChannel(config, medium, last_whatsapp_inbound(db))


def last_whatsapp_inbound(db: Database) -> Callable[[str], datetime | None]:
    """A lookup of when a number last wrote on WhatsApp (opens the 24-hour window)."""

    def last_inbound(phone: str) -> datetime | None:
        """The number's last inbound WhatsApp message time, or None if it never wrote."""
        query = select(Conversation.last_inbound_at).where(
            Conversation.channel == "whatsapp", Conversation.phone == phone
        )
        with db.session() as session:
            return session.scalar(query)

    return last_inbound
