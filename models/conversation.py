"""Inbound chat messages and per-number conversation state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class InboundMessage(Base):
    """A message received from a consumer; the provider's id is unique so repeats do nothing."""

    __tablename__ = "inbound_message"
    __table_args__ = (
        # A number's messages waiting: for a deferred decision (services.chat.deferral), or
        # for their replies to go out through REST (services.chat.rest_replies). A later
        # message of the number waits behind them, so its answer cannot overtake theirs.
        Index(
            "ix_inbound_message_deferred",
            "channel",
            "from_number",
            postgresql_where=text("reply_via IN ('deferred', 'rest')"),
            sqlite_where=text("reply_via IN ('deferred', 'rest')"),
        ),
        Index("ix_inbound_message_received_at", "received_at"),  # the last hour's chart
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_message_id: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    from_number: Mapped[str] = mapped_column(String(16), index=True)
    to_number: Mapped[str | None] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text, default="")
    num_media: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the assistant answered (the staff's transcript in Atendimentos).
    # Each a text, or {"text": numbered text, "choice": tappable options} (WhatsApp)
    replies: Mapped[list[Any] | None] = mapped_column(JSON)
    # The staff login that sent it through the chat simulator (None: a real consumer).
    simulated_by: Mapped[str | None] = mapped_column(String(60))
    # How the replies go out: "twiml" (in the webhook's answer), "rest" (through the REST
    # API, not all sent yet: services.chat.rest_replies) or "sent" (REST, all sent); or
    # "deferred": not decided yet, answered later through REST (services.chat.deferral).
    reply_via: Mapped[str] = mapped_column(
        String(8), default="twiml", server_default="twiml", index=True
    )
    replies_sent: Mapped[int] = mapped_column(default=0, server_default="0")
    send_lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Conversation(Base):
    """The bot's state for one phone number on one channel."""

    __tablename__ = "conversation"
    __table_args__ = (UniqueConstraint("channel", "phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
