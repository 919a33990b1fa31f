"""Collection: bank return files, payments that matched no invoice, and amounts carried over."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Money, UTCDateTime, utcnow


class ReturnFile(Base):
    """An imported (or rejected) return file; bank + convênio + sequence identify it."""

    __tablename__ = "return_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str | None] = mapped_column(String(60), unique=True)  # imported files only
    filename: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20))  # imported | rejected
    bank_code: Mapped[str | None] = mapped_column(String(3))
    convenio: Mapped[str | None] = mapped_column(String(20))
    sequence: Mapped[int | None]
    file_date: Mapped[date | None] = mapped_column(Date)
    records: Mapped[int] = mapped_column(default=0)
    total: Mapped[Decimal | None] = mapped_column(Money)
    error: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)  # kept for rejected files
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnknownPayment(Base):
    """A payment in a return file that matched no invoice (documentos desconhecidos)."""

    __tablename__ = "unknown_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_file_id: Mapped[int] = mapped_column(ForeignKey("return_file.id"), index=True)
    record_number: Mapped[int]
    barcode: Mapped[str] = mapped_column(String(44))
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[date] = mapped_column(Date)
    credited_on: Mapped[date] = mapped_column(Date)
    agent: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(String(120))


class Adjustment(Base):
    """An amount for a UC's next invoice: a charge (positive) or a credit (negative)."""

    __tablename__ = "adjustment"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    source_invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(120))
    applied_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
