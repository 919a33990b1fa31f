"""Deliveries (outbox rows) and their append-only event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, StrEnum, UTCDateTime, enum_column, utcnow


class DeliveryMedium(StrEnum):
    """The channel a delivery goes through."""

    EMAIL = "email"
    WHATSAPP = "whatsapp"
    SMS = "sms"


class DeliveryKind(StrEnum):
    """What is delivered."""

    FIRST_COPY = "first_copy"
    SECOND_COPY = "second_copy"
    PAYMENT_SLIP = "payment_slip"
    TEXT = "text"
    AGREEMENT = "agreement"  # an installment plan's agreement (confissão de dívida) PDF


class DeliveryStatus(StrEnum):
    """Lifecycle of a delivery; provider statuses only move forward."""

    PENDING = "pending"
    HELD = "held"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    UNDELIVERED = "undelivered"
    SKIPPED = "skipped"
    NEEDS_REVIEW = "needs_review"


class Delivery(Base):
    """One document or message to one destination; committed before it is enqueued."""

    __tablename__ = "delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    medium: Mapped[DeliveryMedium] = mapped_column(enum_column(DeliveryMedium))
    destination: Mapped[str] = mapped_column(String(320))
    kind: Mapped[DeliveryKind] = mapped_column(enum_column(DeliveryKind))
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus), default=DeliveryStatus.PENDING, index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    provider_id: Mapped[str | None] = mapped_column(String(64), index=True)
    provider_code: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    requested_by: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    events: Mapped[list[DeliveryEvent]] = relationship(
        back_populates="delivery", order_by="DeliveryEvent.id", cascade="save-update, merge"
    )


class DeliveryEvent(Base):
    """An entry of a delivery's history: status changes and every provider callback."""

    __tablename__ = "delivery_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("delivery.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delivery: Mapped[Delivery] = relationship(back_populates="events")


@event.listens_for(DeliveryEvent, "before_update")
@event.listens_for(DeliveryEvent, "before_delete")
def _event_log_is_append_only(mapper: Any, connection: Any, target: DeliveryEvent) -> None:
    """Refuse to rewrite history: the event log only grows."""
    raise PermissionError("delivery_event is append-only")


class OutboxMessage(Base):
    """A message or document 'sent' through the local outbox channel, for the simulator."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    medium: Mapped[DeliveryMedium] = mapped_column(enum_column(DeliveryMedium))
    destination: Mapped[str] = mapped_column(String(320), index=True)
    subject: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    document_name: Mapped[str | None] = mapped_column(String(120))
    document: Mapped[bytes | None]
    media_url: Mapped[str | None] = mapped_column(Text)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id"))
    # A WhatsApp list picker or buttons drawn by the simulator (bot.choices.Choice as JSON)
    choice: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
