"""Consumers (titulares), their phones on file, and their units (UCs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow


class Consumer(Base):
    """The titular of one or more UCs, keyed by CPF (11 digits) or CNPJ (14)."""

    __tablename__ = "consumer"

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    phones: Mapped[list[ConsumerPhone]] = relationship(
        back_populates="consumer", cascade="all, delete-orphan", order_by="ConsumerPhone.id"
    )
    units: Mapped[list[Unit]] = relationship(back_populates="consumer")


class ConsumerPhone(Base):
    """A phone number on file for a consumer, E.164; indexed for chat identification."""

    __tablename__ = "consumer_phone"
    __table_args__ = (UniqueConstraint("consumer_id", "phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consumer_id: Mapped[int] = mapped_column(ForeignKey("consumer.id", ondelete="CASCADE"))
    phone: Mapped[str] = mapped_column(String(16), index=True)

    consumer: Mapped[Consumer] = relationship(back_populates="phones")


class Unit(Base):
    """A unidade consumidora (UC): the metered installation an invoice belongs to."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    uc: Mapped[str] = mapped_column(String(20), unique=True)
    consumer_id: Mapped[int] = mapped_column(ForeignKey("consumer.id"), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reregistration_offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    consumer: Mapped[Consumer] = relationship(back_populates="units")


def unit_by_uc(session: Session, uc: str | None) -> Unit | None:
    """The UC's row, or None (also for no UC): the one lookup every caller by UC shares."""
    return session.scalar(select(Unit).where(Unit.uc == uc)) if uc else None
