"""Data-subject requests (LGPD): who the titular is, and which phones and e-mails are theirs.

A titular is found by CPF/CNPJ. Their contacts are the phones and e-mail on file, the
recipients enrolled for their UCs, and the numbers their UCs' conversations, consents,
hand-offs and outage reports came from; each Brazilian mobile also in its form without the ninth
digit (the identification matches it). A number staff merely sent one of their invoices to
is not theirs: that delivery is masked, but the number's own chats are someone else's. A
contact also on file for another titular (a family's shared phone) is `shared`: it is
exported but not erased, since it is that person's data too. The export and the erasure live
in services.privacy.lgpd_export and services.privacy.lgpd_erase; both are audited here
without the CPF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from billing.validation import normalise_document
from models import (
    AuditLog,
    Consent,
    Consumer,
    ConsumerPhone,
    Delivery,
    Enrollment,
    Handoff,
    Invoice,
    OutageReport,
    Unit,
)
from services.chat.bot_view import number_forms

E164 = re.compile(r"\+\d{10,15}")
WHATSAPP_PREFIX = "whatsapp:"


class SubjectNotFound(LookupError):
    """No titular has that CPF/CNPJ."""


@dataclass(frozen=True)
class Subject:
    """A titular, the ids of their UCs and their contacts (shared ones apart)."""

    consumer: Consumer
    unit_ids: list[int]
    phones: frozenset[str]
    emails: frozenset[str]
    shared: frozenset[str]

    @property
    def own_phones(self) -> list[str]:
        """The phones only this titular is known by (what an erasure rewrites)."""
        return sorted(p for p in self.phones if not self.shared.intersection(number_forms(p)))

    @property
    def own_emails(self) -> list[str]:
        """The e-mails only this titular is known by."""
        return sorted(self.emails - self.shared)

    def deliveries(self) -> ColumnElement[bool]:
        """The condition on deliveries of the titular's UCs or invoices."""
        return deliveries_of(self.consumer.id)


def units_of(consumer_id: int) -> Select[Any]:
    """SELECT the ids of a titular's UCs (for IN clauses)."""
    return select(Unit.id).where(Unit.consumer_id == consumer_id)


def ucs_of(consumer_id: int) -> Select[Any]:
    """SELECT the UC numbers of a titular's UCs (for tables that keep the UC, not its id)."""
    return select(Unit.uc).where(Unit.consumer_id == consumer_id)


def deliveries_of(consumer_id: int) -> ColumnElement[bool]:
    """The condition on deliveries of a titular's UCs or of their invoices."""
    invoices = select(Invoice.id).where(Invoice.unit_id.in_(units_of(consumer_id)))
    return or_(Delivery.unit_id.in_(units_of(consumer_id)), Delivery.invoice_id.in_(invoices))


def find_subject(session: Session, document: str) -> Subject:
    """The titular of a CPF/CNPJ (punctuation allowed); InvalidValue or SubjectNotFound."""
    digits = normalise_document(document)
    consumer = session.scalar(select(Consumer).where(Consumer.document == digits))
    if consumer is None:
        raise SubjectNotFound("nenhum titular com esse CPF/CNPJ")
    units = list(session.scalars(units_of(consumer.id)))
    phones, emails = _contacts(session, consumer)
    return Subject(
        consumer=consumer,
        unit_ids=units,
        phones=frozenset(phones),
        emails=frozenset(emails),
        shared=frozenset(_shared(session, consumer.id, phones, emails)),
    )


def _contacts(session: Session, consumer: Consumer) -> tuple[set[str], set[str]]:
    """Every phone (with its ninth-digit variant) and e-mail tied to the titular."""
    units = units_of(consumer.id)
    found = [
        *session.scalars(
            select(ConsumerPhone.phone).where(ConsumerPhone.consumer_id == consumer.id)
        ),
        *session.scalars(select(Enrollment.destination).where(Enrollment.unit_id.in_(units))),
        *session.scalars(select(Consent.phone).where(Consent.unit_id.in_(units))),
        *session.scalars(select(Handoff.phone).where(Handoff.unit_id.in_(units))),
        *session.scalars(
            select(OutageReport.phone).where(OutageReport.uc.in_(ucs_of(consumer.id)))
        ),
    ]
    if consumer.email:
        found.append(consumer.email)
    phones: set[str] = set()
    emails: set[str] = set()
    for value in found:
        value = (value or "").removeprefix(WHATSAPP_PREFIX)
        if E164.fullmatch(value):
            phones.update(number_forms(value))
        elif "@" in value and "*" not in value:  # masked addresses are no one's any more
            emails.add(value)
    return phones, emails


def _shared(session: Session, consumer_id: int, phones: set[str], emails: set[str]) -> set[str]:
    """The contacts another titular also has on file or enrolled for their own UCs."""
    others = select(Unit.id).where(Unit.consumer_id != consumer_id)
    found: set[str] = {
        *session.scalars(
            select(ConsumerPhone.phone).where(
                ConsumerPhone.consumer_id != consumer_id, ConsumerPhone.phone.in_(phones)
            )
        ),
        *session.scalars(
            select(Consumer.email).where(Consumer.id != consumer_id, Consumer.email.in_(emails))
        ),
        *session.scalars(
            select(Enrollment.destination).where(
                Enrollment.unit_id.in_(others), Enrollment.destination.in_(phones | emails)
            )
        ),
    }
    return found


def audit(session: Session, action: str, consumer_id: int, detail: dict[str, Any]) -> None:
    """Record the request: the consumer's id, never the CPF/CNPJ or a contact in clear."""
    session.add(
        AuditLog(
            actor="cli",
            action=action,
            entity="consumer",
            entity_id=str(consumer_id),
            detail=detail,
        )
    )
