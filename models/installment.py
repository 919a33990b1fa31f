"""Installment plans (parcelamento): the plan, its installments and its timeline.

The invoices a plan settles point at the plan's current entrada invoice through
`Invoice.consolidated_into_id` (status `consolidated`) until the entrada is paid; the plan
keeps their ids in `original_ids` so they can reopen when it lapses or is cancelled.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Money, StrEnum, UTCDateTime, enum_column, utcnow
from models.party import Unit


class PlanStatus(StrEnum):
    """Where a plan stands."""

    AWAITING_DOWN_PAYMENT = "awaiting_down_payment"
    ACTIVE = "active"
    ANTICIPATED = "anticipated"  # the balance was brought forward into one invoice
    CLOSED = "closed"
    LAPSED = "lapsed"
    CANCELLED = "cancelled"


LIVE_PLAN_STATUSES = (PlanStatus.AWAITING_DOWN_PAYMENT, PlanStatus.ACTIVE, PlanStatus.ANTICIPATED)


class InstallmentStatus(StrEnum):
    """Where one installment stands."""

    SCHEDULED = "scheduled"  # not billed yet
    BILLED = "billed"  # its invoice issued, or its charge listed for the ERP
    PAID = "paid"
    ANTICIPATED = "anticipated"  # moved into the plan's anticipation invoice
    CANCELLED = "cancelled"


class InstallmentPlan(Base):
    """One negotiated debt: entrada + installments, with the money worked out once."""

    __tablename__ = "installment_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus, 30), index=True)
    mode: Mapped[str] = mapped_column(String(20))  # invoices | charges (installment_mode)
    count: Mapped[int]
    principal: Mapped[Decimal] = mapped_column(Money)
    fine: Mapped[Decimal] = mapped_column(Money)
    interest: Mapped[Decimal] = mapped_column(Money)
    discount: Mapped[Decimal] = mapped_column(Money)
    total: Mapped[Decimal] = mapped_column(Money)
    down_payment: Mapped[Decimal] = mapped_column(Money)
    down_payment_due: Mapped[date] = mapped_column(Date)
    down_payment_invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice.id"), index=True
    )
    anticipation_invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice.id"), index=True
    )
    down_payment_charged_again: Mapped[bool] = mapped_column(default=False)
    original_ids: Mapped[list[Any]] = mapped_column(default=list)
    created_by: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(20))  # whatsapp | sms | staff
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()
    installments: Mapped[list[Installment]] = relationship(
        back_populates="plan", order_by="Installment.number", cascade="all, delete-orphan"
    )
    events: Mapped[list[PlanEvent]] = relationship(
        order_by="PlanEvent.id", cascade="all, delete-orphan"
    )


class Installment(Base):
    """One installment: its value and due date, and the invoice or charge that bills it."""

    __tablename__ = "installment"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("installment_plan.id"), index=True)
    number: Mapped[int]  # 1..count
    amount: Mapped[Decimal] = mapped_column(Money)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    reference: Mapped[str] = mapped_column(String(7), index=True)  # competência AAAA-MM
    status: Mapped[InstallmentStatus] = mapped_column(
        enum_column(InstallmentStatus), default=InstallmentStatus.SCHEDULED, index=True
    )
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"), index=True)
    paid_at: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[InstallmentPlan] = relationship(back_populates="installments")


class PlanEvent(Base):
    """An entry of a plan's timeline (created, entrada paid, lapsed, cancelled...)."""

    __tablename__ = "installment_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("installment_plan.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
