"""Chooses the adapter for a medium from the configuration: real provider or outbox."""

from __future__ import annotations

from channels.base import Channel, ChannelError
from channels.outbox import OutboxChannel
from config import Config
from models import Database, DeliveryMedium


def uses_outbox(medium: DeliveryMedium, config: Config) -> bool:
    """True when `medium` has no provider credentials and so goes to the outbox."""
    if medium is DeliveryMedium.EMAIL:
        return not config.smtp_configured
    return not config.twilio_configured


def channel_for(medium: DeliveryMedium, config: Config, db: Database) -> Channel:
    """The adapter that sends `medium` messages under `config`."""
    if uses_outbox(medium, config):
        return OutboxChannel(db, medium)
    raise ChannelError(
        f"no {medium.value} provider adapter is installed yet (Twilio/SMTP adapters: issue 6)",
        transient=False,
    )
