"""The bot's read-only view of the database (bot.types.BotView), for one message."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.types import BotSettings, EnrollmentInfo, InvoiceInfo, UnitInfo
from models import ConsumerPhone, Enrollment, IdentificationFailure, Invoice, Unit
from services.clock import LOCAL_TZ
from services.payments import cents, payment_view
from services.settings import Settings

LOCK_WINDOW = timedelta(minutes=15)
PHONE_LOCK_FAILURES = 5
UC_LOCK_FAILURES = 10


def phone_variants(phone: str) -> list[str]:
    """The number as given plus, for a Brazilian mobile, with/without the ninth digit.

    WhatsApp sometimes reports +55 DD 8-digit numbers for mobiles registered before the
    ninth digit existed (CONTRACT.md §7).
    """
    variants = [phone]
    if phone.startswith("+55") and len(phone) == 14 and phone[5] == "9":
        variants.append(phone[:5] + phone[6:])
    elif phone.startswith("+55") and len(phone) == 13 and phone[5] in "6789":
        variants.append(phone[:5] + "9" + phone[5:])
    return variants


class DbBotView:
    """Answers the engine's questions with queries; nothing here writes."""

    def __init__(self, session: Session, settings: Settings, now: datetime) -> None:
        """Bind the view to a session, the parameters and the message's time."""
        self.session = session
        self.values = settings
        self.now = now
        self.settings = BotSettings(
            channel_enabled=settings.channel_product_enabled,
            reregistration_enabled=settings.reregistration_enabled,
            updated_debt_enabled=False,  # the updated-debt flow arrives with collection
        )

    def units_of_phone(self, phone: str) -> list[str]:
        """UCs of the titulares that have this number on file."""
        query = (
            select(Unit.uc)
            .join(ConsumerPhone, ConsumerPhone.consumer_id == Unit.consumer_id)
            .where(ConsumerPhone.phone.in_(phone_variants(phone)))
            .order_by(Unit.uc)
        )
        return list(dict.fromkeys(self.session.scalars(query)))

    def _unit(self, uc: str) -> Unit | None:
        """The UC row."""
        return self.session.scalar(select(Unit).where(Unit.uc == uc))

    def unit(self, uc: str) -> UnitInfo | None:
        """The UC and its titular."""
        unit = self._unit(uc)
        if unit is None:
            return None
        return UnitInfo(
            uc=unit.uc,
            holder_name=unit.consumer.name,
            holder_document=unit.consumer.document,
            address=unit.address or "",
        )

    def invoices(self, uc: str) -> list[InvoiceInfo]:
        """The last 12 invoices, newest competência first, with today's payment view."""
        query = (
            select(Invoice)
            .join(Unit)
            .where(Unit.uc == uc)
            .order_by(Invoice.reference.desc(), Invoice.id.desc())
            .limit(12)
        )
        today = self.now.astimezone(LOCAL_TZ).date()
        return [
            InvoiceInfo(
                id=invoice.id,
                uc=uc,
                reference=invoice.reference,
                kind=invoice.kind.value,
                amount_cents=cents(invoice.amount),
                due_date=invoice.due_date,
                status=invoice.status.value,
                authorized=invoice.authorized,
                payment=payment_view(invoice, self.values, today),
            )
            for invoice in self.session.scalars(query)
        ]

    def enrollments(self, uc: str) -> list[EnrollmentInfo]:
        """The UC's recipients."""
        query = select(Enrollment).join(Unit).where(Unit.uc == uc).order_by(Enrollment.id)
        return [
            EnrollmentInfo(
                id=e.id,
                uc=uc,
                medium=e.medium.value,  # type: ignore[arg-type]
                destination=e.destination,
                keep_printed=e.keep_printed,
            )
            for e in self.session.scalars(query)
        ]

    def locked(self, phone: str, uc: str | None) -> bool:
        """5 failures in 15 minutes lock the number; 10 on one UC, from any numbers, the UC."""
        since = self.now - LOCK_WINDOW
        recent = (
            select(func.count())
            .select_from(IdentificationFailure)
            .where(IdentificationFailure.at >= since)
        )
        if (
            self.session.scalar(recent.where(IdentificationFailure.phone == phone))
            >= PHONE_LOCK_FAILURES
        ):
            return True
        return (
            uc is not None
            and self.session.scalar(recent.where(IdentificationFailure.uc == uc))
            >= UC_LOCK_FAILURES
        )

    def reregistration_due(self, uc: str) -> bool:
        """No enrolment yet, and no offer within `reregistration_days`."""
        unit = self._unit(uc)
        if unit is None or self.enrollments(uc):
            return False
        offered = unit.reregistration_offered_at
        days = self.values.reregistration_days
        return offered is None or self.now - offered >= timedelta(days=days)
