"""Hand-offs to a person: the request with its protocol number, who took it, the staff's
messages to the consumer, the closing and the consumer's rating; and the daily sequence the
protocol numbers come from."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from models.party import Unit


class Handoff(Base):
    """A consumer asked to talk to a person (Atendimentos in the admin page).

    Open while `handled_at` is None; `assigned_to` is the staff login that took it. The
    consumer's messages meanwhile are the inbound messages of `channel` and `phone`.
    """

    __tablename__ = "handoff"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    inbound_message_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # closed
    handled_by: Mapped[str | None] = mapped_column(String(60))
    protocol: Mapped[str | None] = mapped_column(String(20), unique=True)  # None: before 0010
    in_hours: Mapped[bool] = mapped_column(default=True)  # opened while people answer
    assigned_to: Mapped[str | None] = mapped_column(String(60))
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # MENU: back to the bot
    close_reason: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column()  # 1-5, the consumer's answer to the survey
    rating_comment: Mapped[str | None] = mapped_column(Text)  # redacted
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit | None] = relationship()
    messages: Mapped[list[HandoffMessage]] = relationship(
        back_populates="handoff", order_by="HandoffMessage.id"
    )

    @property
    def is_open(self) -> bool:
        """Not closed yet."""
        return self.handled_at is None


class HandoffMessage(Base):
    """A message staff sent the consumer of a hand-off (text, template, document, survey).

    `body` is what the transcript shows (redacted); `pending_body` holds the full text only
    until it has gone: while queued for the job, or held for the consumer's answer to the
    WhatsApp template; it is cleared once sent or failed. `status`: held, queued, sending (a
    job claimed it), sent, delivered, read, failed. A document is a staff copy: its status is
    its delivery's (`delivery_id`, migration 0011).
    """

    __tablename__ = "handoff_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(
        ForeignKey("handoff.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(60))  # the staff login
    kind: Mapped[str] = mapped_column(String(20), default="text")  # text|template|document|survey
    body: Mapped[str] = mapped_column(Text, default="")
    pending_body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    provider_sid: Mapped[str | None] = mapped_column(String(64), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("delivery.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last status change
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")  # claims by a job

    handoff: Mapped[Handoff] = relationship(back_populates="messages")


class ProtocolSequence(Base):
    """The last protocol number given on a local day: protocols are the day (AAAAMMDD) and a
    six-digit sequence, taken with one atomic upsert, so never given twice."""

    __tablename__ = "protocol_sequence"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
