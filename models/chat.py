"""What conversations leave behind: failed identifications (locks), short links, outage
reports and the messages the bot did not understand (hand-offs: models.handoff)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    pass


class IdentificationFailure(Base):
    """One failed CPF/CNPJ check; counted per number and per UC to lock them for a while."""

    __tablename__ = "identification_failure"
    __table_args__ = (
        Index("ix_identification_failure_phone_at", "phone", "at"),
        Index("ix_identification_failure_uc_at", "uc", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16))
    uc: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdentificationAttempt(Base):
    """The CPF/CNPJ guesses evaluated for one number or one UC in the current window.

    Claimed with one atomic UPDATE before a guess is compared (services.chat.id_attempts), so
    concurrent guesses from many numbers or workers can never exceed the limit; `strikes`
    counts windows that hit it, and each one locks for longer.
    """

    __tablename__ = "identification_attempt"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))  # phone | uc
    key: Mapped[str] = mapped_column(String(24))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(default=0)
    strikes: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ShortLink(Base):
    """A short, random, expiring code for a document link that fits in an SMS."""

    __tablename__ = "short_link"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    kind: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutageReport(Base):
    """A consumer reported an outage in the chat (FALTA or free text); staff see today's count.

    `phone` is the sender in E.164, as hand-offs keep it, so a data-subject request finds the
    row; `text` is the message redacted and cut (services.chat.free_text.stored_text).
    """

    __tablename__ = "outage_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(16))
    uc: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    inbound_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbound_message.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    protocol: Mapped[str | None] = mapped_column(String(20), unique=True)  # None: before 0010


class UnrecognizedMessage(Base):
    """One text the bot could not place, counted each time it comes again; no number is kept.

    `text_key` is the redacted text normalised (case, accents, punctuation, spaces), so the
    same words count once however they were typed; `text` is the first sample, redacted.
    The classifier's last guess and its confidence in basis points (0-10000) help staff
    file the text under an intent of the training data.
    """

    __tablename__ = "unrecognized_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    text_key: Mapped[str] = mapped_column(String(500), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")
    count: Mapped[int] = mapped_column(default=1)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_guess: Mapped[str] = mapped_column(String(40), default="")
    last_confidence_bp: Mapped[int] = mapped_column(default=0)

    @property
    def confidence(self) -> float:
        """The last guess's confidence, 0 to 1."""
        return self.last_confidence_bp / 10000
