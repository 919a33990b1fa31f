"""Automatic debit (débito automático): opt-ins from banks, the files exchanged with them, one
debit request per invoice, the per-bank file sequence and closed collection days."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, UTCDateTime, utcnow
from models.invoice import Invoice
from models.party import Unit


class DebitEnrollment(Base):
    """A UC's automatic debit at a bank; `company_id` is the identification the bank knows,
    `pending_company_id` a new one to tell it in a D record."""

    __tablename__ = "debit_enrollment"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), unique=True)
    bank_code: Mapped[str] = mapped_column(String(3))
    agency: Mapped[str] = mapped_column(String(4))
    account: Mapped[str] = mapped_column(String(14))
    company_id: Mapped[str] = mapped_column(String(25), index=True)
    pending_company_id: Mapped[str | None] = mapped_column(String(25))
    active: Mapped[bool] = mapped_column(default=True)
    opted_on: Mapped[date] = mapped_column(Date)
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()


class DebitFile(Base):
    """A file sent to (`sent`) or received from (`received`) a bank, or a rejected one."""

    __tablename__ = "debit_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(10))  # sent | received
    status: Mapped[str] = mapped_column(String(20))  # generated | imported | rejected
    identity: Mapped[str | None] = mapped_column(String(60), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    bank_code: Mapped[str | None] = mapped_column(String(3))
    sequence: Mapped[int | None]
    file_date: Mapped[date | None] = mapped_column(Date)
    records: Mapped[int] = mapped_column(default=0)
    total: Mapped[Decimal | None] = mapped_column(Money)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)  # rejected files only
    created_by: Mapped[str] = mapped_column(String(60), default="cli")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DebitRequest(Base):
    """An invoice sent for debit, and what the bank answered (requested → debited | failed)."""

    __tablename__ = "debit_request"
    __table_args__ = (UniqueConstraint("invoice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("debit_enrollment.id"), index=True)
    sent_file_id: Mapped[int] = mapped_column(ForeignKey("debit_file.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    return_code: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str | None] = mapped_column(String(120))
    result_file_id: Mapped[int | None] = mapped_column(ForeignKey("debit_file.id"))
    result_on: Mapped[date | None] = mapped_column(Date)

    invoice: Mapped[Invoice] = relationship()


class CollectionSequence(Base):
    """The last file sequence number (NSA) used with a bank."""

    __tablename__ = "collection_sequence"

    bank_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class ClosedDay(Base):
    """A collection day closed by `fatura close-day`: no reversals or return files of it."""

    __tablename__ = "closed_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    closed_by: Mapped[str] = mapped_column(String(60))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
