"""The bot's read-only view of the database (bot.types.BotView), for one message."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cached_property, lru_cache, partial
from typing import Any, TypeVar, cast

import phonenumbers
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from billing.payment import CollectionParams, payment_for
from bot.types import (
    BotSettings,
    DirectDebitInfo,
    DocumentCheck,
    EnrollmentInfo,
    InvoiceInfo,
    ProtocolInfo,
    UnitInfo,
)
from models import (
    Consumer,
    ConsumerPhone,
    Enrollment,
    Invoice,
    InvoiceStatus,
    Unit,
)
from services.chat import debit_view, id_attempts
from services.collection.payment_view import collection_params, invoice_facts
from services.core.clock import LOCAL_TZ
from services.handoff.queries import protocols_of
from services.installments.plans import terms_of
from services.settings import Settings

T = TypeVar("T")

# Statements built once (bound parameters): building a statement and its cache key costs
# more than running it, and a view asks the same few questions for every message.
_UC = bindparam("b_uc")
_UNIT, _CONSUMER, _PHONE = Unit.__table__.c, Consumer.__table__.c, ConsumerPhone.__table__.c
_INVOICE, _ENROLLMENT = Invoice.__table__.c, Enrollment.__table__.c
_HOLDER_TABLE = Invoice.__table__.alias("holder")  # the invoice one was consolidated into
_HOLDER = _HOLDER_TABLE.c


def phone_units_select(*leading: Any) -> Select[Any]:
    """SELECT `leading` columns and the UCs whose titular has :b_phone or :b_variant on file
    (see phone_params); a fixed two-item IN list, so the SQL is not re-rendered per query."""
    return (
        select(*leading, _UNIT.uc)
        .join_from(Unit.__table__, ConsumerPhone.__table__, _PHONE.consumer_id == _UNIT.consumer_id)
        .where(_PHONE.phone.in_([bindparam("b_phone"), bindparam("b_variant")]))
    )


_UNITS_OF_PHONE = phone_units_select().order_by(_UNIT.uc)
_UNIT_INFO = (
    select(_UNIT.uc, _CONSUMER.name, _CONSUMER.document, _UNIT.address)
    .join_from(Unit.__table__, Consumer.__table__, _CONSUMER.id == _UNIT.consumer_id)
    .where(_UNIT.uc == _UC)
)
_INVOICES = (
    select(
        _INVOICE.id,
        _INVOICE.reference,
        _INVOICE.kind,
        _INVOICE.amount,
        _INVOICE.due_date,
        _INVOICE.status,
        _INVOICE.nf3e_access_key,
        _INVOICE.extra,
        _INVOICE.paid_at,
        _HOLDER.extra.label("holder_extra"),
    )
    .join_from(Invoice.__table__, Unit.__table__, _UNIT.id == _INVOICE.unit_id)
    .outerjoin(_HOLDER_TABLE, _HOLDER.id == _INVOICE.consolidated_into_id)
    .where(_UNIT.uc == _UC)
    .order_by(_INVOICE.reference.desc(), _INVOICE.id.desc())
    .limit(12)
)
_ENROLLMENTS = (
    select(_ENROLLMENT.id, _ENROLLMENT.medium, _ENROLLMENT.destination, _ENROLLMENT.keep_printed)
    .join_from(Enrollment.__table__, Unit.__table__, _UNIT.id == _ENROLLMENT.unit_id)
    .where(_UNIT.uc == _UC)
    .order_by(_ENROLLMENT.id)
)
_OFFERED_AT = select(_UNIT.reregistration_offered_at).where(_UNIT.uc == _UC)


# A sender that is not a mobile matches nothing: no stored number equals this.
_NO_MATCH = "-"


def phone_params(phone: str) -> dict[str, str]:
    """The parameters of phone_units_select for this number (nothing matches a number that
    cannot identify its sender)."""
    variants = phone_variants(phone) or [_NO_MATCH]
    return {"b_phone": variants[0], "b_variant": variants[-1]}


def phone_variants(phone: str) -> list[str]:
    """The forms of a sender's number that identify it: none for a fixed line; for a
    Brazilian mobile, also the form with or without the ninth digit (number_forms)."""
    return number_forms(phone) if is_mobile(phone) else []


def number_forms(phone: str) -> list[str]:
    """The number as given and, for a Brazilian mobile, its form with or without the ninth
    digit: every way the same line may be written (a fixed line has only its own).

    Anatel numbers mobiles as 9 + 8 digits whose first is 6-9; WhatsApp sometimes reports
    those registered before the ninth digit existed as +55 DD + the 8 digits. The 9 is
    added or dropped only there: +55 11 4123-4567 is a fixed line, so a message from
    +55 11 94123-4567 must never be taken for it.
    """
    if not phone.startswith("+55") or not is_mobile(phone):
        return [phone]
    if len(phone) == 14 and phone[6] in "6789":
        return [phone, phone[:5] + phone[6:]]
    if len(phone) == 13:
        return [phone, phone[:5] + "9" + phone[5:]]
    return [phone]


@lru_cache(maxsize=4096)
def is_mobile(phone: str) -> bool:
    """True for a number that may identify a WhatsApp or SMS sender: a Brazilian mobile
    (+55 DD 9XXXXXXXX, or +55 DD [6-9]XXXXXXX as WhatsApp may report it), or a foreign number
    that phonenumbers does not type as a fixed line."""
    if phone.startswith("+55"):
        subscriber = phone[5:]
        return phone[1:].isdigit() and (
            (len(subscriber) == 9 and subscriber[0] == "9")
            or (len(subscriber) == 8 and subscriber[0] in "6789")
        )
    try:
        number = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.FIXED_LINE


class DbBotView:
    """Answers the engine's questions with queries; nothing here writes.

    A view lives for one message, so answers are memoised: the engine may ask the same
    question several times while it resolves a UC and runs a flow.
    """

    def __init__(
        self,
        session: Session,
        settings: Settings,
        now: datetime,
        units_of_phone: tuple[str, list[str]] | None = None,
        phone_guesses: tuple[str, id_attempts.Counter | None] | None = None,
    ) -> None:
        """Bind the view to a session, the parameters and the message's time; a number's
        UCs and its guess counter already read with the same message's other data may be
        handed in."""
        self.session = session
        self.values = settings
        self.now = now
        self.settings = BotSettings(
            channel_enabled=settings.channel_product_enabled,
            reregistration_enabled=settings.reregistration_enabled,
            updated_debt_enabled=settings.updated_debt_enabled,
            outage_phone=settings.outage_phone,
            outage_url=settings.outage_url,
            outage_message=settings.outage_message,
            handoff_hours=settings.handoff_hours,
            handoff_holidays=settings.handoff_holidays,
            installment_terms=terms_of(settings),
            installment_overdue=settings.installment_overdue_to_anticipate,
            direct_debit_banks=settings.direct_debit_banks,
        )
        self._memo: dict[tuple[str, str | None], Any] = {}
        if units_of_phone is not None:
            self._memo["units_of_phone", units_of_phone[0]] = units_of_phone[1]
        if phone_guesses is not None:
            self._memo["phone_guesses", phone_guesses[0]] = phone_guesses[1]

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
        return list(dict.fromkeys(self.session.scalars(_UNITS_OF_PHONE, phone_params(phone))))

    def unit(self, uc: str) -> UnitInfo | None:
        """The UC and its titular (one joined query)."""
        return self._once(("unit", uc), lambda: self._unit_info(uc))

    def _unit_info(self, uc: str) -> UnitInfo | None:
        """The query behind unit."""
        row = self.session.execute(_UNIT_INFO, {"b_uc": uc}).first()
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
        today = self.now.astimezone(LOCAL_TZ).date()
        debits = debit_view.requested_banks(self.session, uc)
        infos = []
        for row in self.session.execute(_INVOICES, {"b_uc": uc}):
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
                    in_plan="installment_plan" in row.extra,
                    paid_on=row.paid_at if row.status is InvoiceStatus.PAID else None,
                    debit_bank=debits.get(row.id),
                    payment_of=partial(payment_for, facts, self._params, today),
                )
            )
        return infos

    def enrollments(self, uc: str) -> list[EnrollmentInfo]:
        """The UC's recipients."""
        return self._once(("enrollments", uc), lambda: self._enrollments(uc))

    def _enrollments(self, uc: str) -> list[EnrollmentInfo]:
        """The query behind enrollments."""
        return [
            EnrollmentInfo(
                id=row.id,
                uc=uc,
                medium=row.medium.value,  # type: ignore[arg-type]
                destination=row.destination,
                keep_printed=row.keep_printed,
            )
            for row in self.session.execute(_ENROLLMENTS, {"b_uc": uc})
        ]

    def lock_minutes(self, phone: str, uc: str | None) -> int:
        """Whole minutes until the number (and the UC) may guess again; 0 when not locked:
        5 guesses in 15 minutes lock the number, 10 on one UC, from any numbers, the UC."""
        guesses = self._once(
            ("phone_guesses", phone), lambda: id_attempts.read(self.session, "phone", phone)
        )
        waits = [id_attempts.time_left(guesses, "phone", self.now)]
        if uc is not None:
            waits.append(id_attempts.locked_for(self.session, "uc", uc, self.now))
        longest = max((w for w in waits if w is not None), default=None)
        return 0 if longest is None else math.ceil(longest.total_seconds() / 60)

    def check_document(self, phone: str, uc: str, document: str) -> DocumentCheck:
        """Claim a guess atomically (committed at once), then compare; a right guess gives its
        claim back. The one write a view makes: a guess counted later, with the message's
        effects, could be outrun by concurrent guesses. The number's counter read before
        is forgotten: a later lock_minutes must see this guess."""
        self._memo.pop(("phone_guesses", phone), None)
        claim = id_attempts.claim(self.session, phone, uc, self.now)
        if claim is None:
            return "locked"
        unit = self.unit(uc)
        if unit is None or unit.holder_document != document:
            return "wrong"
        id_attempts.give_back(self.session, claim)
        return "ok"

    def direct_debit(self, uc: str) -> DirectDebitInfo | None:
        """The UC's automatic debit (services.chat.debit_view)."""
        return debit_view.direct_debit(self.session, uc)

    def protocols(self, phone: str) -> list[ProtocolInfo]:
        """The number's last protocols, hand-offs and outage reports (services.handoff)."""
        return protocols_of(self.session, number_forms(phone), self.now)

    def reregistration_due(self, uc: str) -> bool:
        """No enrolment yet, and no offer within `reregistration_days`."""
        if self.unit(uc) is None or self.enrollments(uc):
            return False
        offered = self.session.scalar(_OFFERED_AT, {"b_uc": uc})
        days = self.values.reregistration_days
        return offered is None or self.now - offered >= timedelta(days=days)
