"""Digital-invoice enrolments (envio digital) and the consents behind them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, StrEnum, UTCDateTime, enum_column, utcnow
from models.party import Unit


class EnrollmentMedium(StrEnum):
    """Where a UC's invoices go digitally."""

    EMAIL = "email"
    WHATSAPP = "whatsapp"


class Enrollment(Base):
    """One recipient of a UC's invoices; same UC + medium + destination is one row."""

    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("unit_id", "medium", "destination"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    medium: Mapped[EnrollmentMedium] = mapped_column(enum_column(EnrollmentMedium))
    destination: Mapped[str] = mapped_column(String(320))
    keep_printed: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit] = relationship()


class Consent(Base):
    """A consumer's recorded consent to an enrolment made in the chat (text, version, time)."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    enrollment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrollment.id", ondelete="SET NULL")
    )
    channel: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    text_version: Mapped[str] = mapped_column(String(20))
    inbound_message_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"))
    # Set when the consent is the acceptance of an installment plan (enrollment_id is then None).
    installment_plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("installment_plan.id", ondelete="SET NULL"), index=True
    )
    # Set when made through the chat simulator: then it is no consumer's consent.
    simulated_by: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
