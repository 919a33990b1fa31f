"""Invoices (faturas) and their items."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, DecimalText, Money, StrEnum, UTCDateTime, enum_column, utcnow
from models.party import Unit


class InvoiceKind(StrEnum):
    """Energy invoices and "outras faturas" (services, instalments, consolidated debt)."""

    ENERGY = "energy"
    OTHER = "other"


class InvoiceStatus(StrEnum):
    """Where an invoice stands; only `open` invoices may be given a payment code."""

    OPEN = "open"
    PAID = "paid"
    CANCELLED = "cancelled"
    SETTLED = "settled"
    CONSOLIDATED = "consolidated"


class Invoice(Base):
    """An issued invoice; `key` is the ERP's id, `id` numbers it for the barcode."""

    __tablename__ = "invoice"
    __table_args__ = (Index("ix_invoice_unit_reference", "unit_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    reference: Mapped[str] = mapped_column(String(7))
    kind: Mapped[InvoiceKind] = mapped_column(enum_column(InvoiceKind), default=InvoiceKind.ENERGY)
    issue_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    status: Mapped[InvoiceStatus] = mapped_column(
        enum_column(InvoiceStatus), default=InvoiceStatus.OPEN, index=True
    )
    kwh: Mapped[int | None]
    reading_previous: Mapped[date | None] = mapped_column(Date)
    reading_current: Mapped[date | None] = mapped_column(Date)
    nf3e_number: Mapped[str | None] = mapped_column(String(9))
    nf3e_series: Mapped[str | None] = mapped_column(String(3))
    nf3e_access_key: Mapped[str | None] = mapped_column(String(44))
    nf3e_protocol: Mapped[str | None] = mapped_column(String(20))
    nf3e_authorized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_at: Mapped[date | None] = mapped_column(Date)
    credited_at: Mapped[date | None] = mapped_column(Date)
    paid_amount: Mapped[Decimal | None] = mapped_column(Money)
    collection_agent: Mapped[str | None] = mapped_column(String(60))
    payment_channel: Mapped[str | None] = mapped_column(String(60))
    consolidated_into_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    items: Mapped[list[InvoiceItem]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceItem.position"
    )

    @property
    def authorized(self) -> bool:
        """True once the NF3e is authorised (the fiscal document is valid)."""
        return self.nf3e_access_key is not None


class InvoiceItem(Base):
    """One line of an invoice's items table."""

    __tablename__ = "invoice_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoice.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal | None] = mapped_column(DecimalText)
    unit_price: Mapped[Decimal | None] = mapped_column(DecimalText)
    amount: Mapped[Decimal] = mapped_column(Money)

    invoice: Mapped[Invoice] = relationship(back_populates="items")
