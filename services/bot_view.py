"""The bot's read-only view of the database (bot.types.BotView), for one message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, TypeVar, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from billing.payment import CollectionParams, payment_for
from bot.types import BotSettings, EnrollmentInfo, InvoiceInfo, UnitInfo
from models import (
    Consumer,
    ConsumerPhone,
    Enrollment,
    IdentificationFailure,
    Invoice,
    InvoiceStatus,
    Unit,
)
from services.clock import LOCAL_TZ
from services.payments import collection_params, invoice_facts
from services.settings import Settings

T = TypeVar("T")
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
    """Answers the engine's questions with queries; nothing here writes.

    A view lives for one message, so answers are memoised: the engine may ask the same
    question several times while it resolves a UC and runs a flow.
    """

    def __init__(self, session: Session, settings: Settings, now: datetime) -> None:
        """Bind the view to a session, the parameters and the message's time."""
        self.session = session
        self.values = settings
        self.now = now
        self.settings = BotSettings(
            channel_enabled=settings.channel_product_enabled,
            reregistration_enabled=settings.reregistration_enabled,
            updated_debt_enabled=settings.updated_debt_enabled,
        )
        self._memo: dict[tuple[str, str | None], Any] = {}

    def _once(self, key: tuple[str, str | None], compute: Callable[[], T]) -> T:
        """The memoised answer to `key`, computed the first time it is asked."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    @cached_property
    def _params(self) -> CollectionParams:
        """The collection parameters, built once per message."""
        return collection_params(self.values)

    def units_of_phone(self, phone: str) -> list[str]:
        """UCs of the titulares that have this number on file."""
        return self._once(("units_of_phone", phone), lambda: self._units_of_phone(phone))

    def _units_of_phone(self, phone: str) -> list[str]:
        """The query behind units_of_phone."""
        query = (
            select(Unit.uc)
            .join(ConsumerPhone, ConsumerPhone.consumer_id == Unit.consumer_id)
            .where(ConsumerPhone.phone.in_(phone_variants(phone)))
            .order_by(Unit.uc)
        )
        return list(dict.fromkeys(self.session.scalars(query)))

    def unit(self, uc: str) -> UnitInfo | None:
        """The UC and its titular (one joined query)."""
        return self._once(("unit", uc), lambda: self._unit_info(uc))

    def _unit_info(self, uc: str) -> UnitInfo | None:
        """The query behind unit."""
        row = self.session.execute(
            select(Unit.uc, Consumer.name, Consumer.document, Unit.address)
            .join(Consumer, Consumer.id == Unit.consumer_id)
            .where(Unit.uc == uc)
        ).first()
        if row is None:
            return None
        return UnitInfo(
            uc=row.uc, holder_name=row.name, holder_document=row.document, address=row.address or ""
        )

    def invoices(self, uc: str) -> list[InvoiceInfo]:
        """The last 12 invoices, newest competência first, with today's payment view."""
        return self._once(("invoices", uc), lambda: self._invoices(uc))

    def _invoices(self, uc: str) -> list[InvoiceInfo]:
        """The query behind invoices: plain rows, no ORM objects to build."""
        columns = (
            Invoice.id,
            Invoice.reference,
            Invoice.kind,
            Invoice.amount,
            Invoice.due_date,
            Invoice.status,
            Invoice.nf3e_access_key,
            Invoice.extra,
            Invoice.paid_at,
        )
        query = (
            select(*columns)
            .join(Unit, Unit.id == Invoice.unit_id)
            .where(Unit.uc == uc)
            .order_by(Invoice.reference.desc(), Invoice.id.desc())
            .limit(12)
        )
        today = self.now.astimezone(LOCAL_TZ).date()
        infos = []
        for row in self.session.execute(query):
            facts = invoice_facts(row)
            infos.append(
                InvoiceInfo(
                    id=row.id,
                    uc=uc,
                    reference=row.reference,
                    kind=row.kind.value,
                    amount_cents=facts.amount_cents,
                    due_date=row.due_date,
                    status=facts.status,
                    authorized=row.nf3e_access_key is not None,
                    updated_debt=bool(row.extra.get("updated_debt")),
                    paid_on=row.paid_at if row.status is InvoiceStatus.PAID else None,
                    payment=payment_for(facts, self._params, today),
                )
            )
        return infos

    def enrollments(self, uc: str) -> list[EnrollmentInfo]:
        """The UC's recipients."""
        return self._once(("enrollments", uc), lambda: self._enrollments(uc))

    def _enrollments(self, uc: str) -> list[EnrollmentInfo]:
        """The query behind enrollments."""
        query = (
            select(
                Enrollment.id, Enrollment.medium, Enrollment.destination, Enrollment.keep_printed
            )
            .join(Unit, Unit.id == Enrollment.unit_id)
            .where(Unit.uc == uc)
            .order_by(Enrollment.id)
        )
        return [
            EnrollmentInfo(
                id=row.id,
                uc=uc,
                medium=row.medium.value,  # type: ignore[arg-type]
                destination=row.destination,
                keep_printed=row.keep_printed,
            )
            for row in self.session.execute(query)
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
        if self.unit(uc) is None or self.enrollments(uc):
            return False
        offered = self.session.scalar(select(Unit.reregistration_offered_at).where(Unit.uc == uc))
        days = self.values.reregistration_days
        return offered is None or self.now - offered >= timedelta(days=days)
