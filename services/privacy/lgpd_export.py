"""`fatura lgpd export`: everything held about one titular, as JSON (LGPD art. 18, II).

The titular's record, UCs, invoices, phones, enrolments, consents, conversations with the
messages received from their numbers (bodies as stored, with the replies), hand-offs,
outage reports, deliveries of their invoices or to their contacts (with the status history)
and the failed identifications of their numbers or UCs. Money and dates are strings. The
messages the bot did not understand are kept per text with no number, so they name no one
and are not part of an export.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from billing.validation import mask_phone
from models import (
    Consent,
    Conversation,
    Delivery,
    Enrollment,
    Handoff,
    IdentificationFailure,
    InboundMessage,
    Invoice,
    OutageReport,
    Unit,
)
from services.privacy.lgpd import WHATSAPP_PREFIX, Subject, audit, find_subject, ucs_of


def _text(value: Any) -> Any:
    """JSON for what json does not know: Decimals, dates and enums as their text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(data: dict[str, Any]) -> str:
    """The export as indented UTF-8 JSON text."""
    return json.dumps(data, default=_text, ensure_ascii=False, indent=2)


def _row(obj: Any, *names: str) -> dict[str, Any]:
    """The named attributes of a row."""
    return {name: getattr(obj, name) for name in names}


def _units(session: Session, subject: Subject) -> dict[str, Any]:
    """The titular's UCs, their invoices (summary), enrolments and consents."""
    units = session.scalars(
        select(Unit).where(Unit.id.in_(subject.unit_ids)).order_by(Unit.uc)
    ).all()
    uc_of = {unit.id: unit.uc for unit in units}
    invoices = session.scalars(
        select(Invoice).where(Invoice.unit_id.in_(subject.unit_ids)).order_by(Invoice.id)
    )
    enrollments = session.scalars(
        select(Enrollment).where(Enrollment.unit_id.in_(subject.unit_ids)).order_by(Enrollment.id)
    )
    consents = session.scalars(
        select(Consent).where(Consent.unit_id.in_(subject.unit_ids)).order_by(Consent.id)
    )
    return {
        "units": [{"uc": uc_of[u.id], **_row(u, "address", "created_at")} for u in units],
        "invoices": [
            {"uc": uc_of[i.unit_id], "id": i.key}
            | _row(i, "reference", "kind", "issue_date", "due_date", "amount", "status", "paid_at")
            for i in invoices
        ],
        "enrollments": [
            {"uc": uc_of[e.unit_id]}
            | _row(e, "medium", "destination", "keep_printed", "created_by", "created_at")
            for e in enrollments
        ],
        "consents": [
            {"uc": uc_of[c.unit_id]}
            | _row(c, "text", "text_version", "created_at", "channel", "phone", "simulated_by")
            | {"inbound_message_id": c.inbound_message_id}
            for c in consents
        ],
    }


def _conversations(session: Session, subject: Subject) -> list[dict[str, Any]]:
    """Each conversation of the titular's numbers with the messages received."""
    phones = sorted(subject.phones)
    chats = {
        (c.channel, c.phone): {"channel": c.channel, "phone": c.phone}
        | _row(c, "opted_out_at", "last_inbound_at", "updated_at")
        for c in session.scalars(
            select(Conversation).where(Conversation.phone.in_(phones)).order_by(Conversation.id)
        )
    }
    senders = phones + [phone for _, phone in chats]
    messages = session.scalars(
        select(InboundMessage)
        .where(InboundMessage.from_number.in_(senders))
        .order_by(InboundMessage.received_at, InboundMessage.id)
    )
    for m in messages:
        chat = chats.setdefault(
            (m.channel, m.from_number), {"channel": m.channel, "phone": m.from_number}
        )
        chat.setdefault("messages", []).append(
            _row(m, "id", "received_at", "body", "replies", "simulated_by")
        )
    return list(chats.values())


def _deliveries(session: Session, subject: Subject) -> list[dict[str, Any]]:
    """Deliveries of the titular's invoices or UCs, or to their contacts, with history."""
    contacts = sorted(subject.phones | subject.emails)
    contacts += [WHATSAPP_PREFIX + phone for phone in subject.phones]
    rows = session.execute(
        select(Delivery, Invoice.key)
        .outerjoin(Invoice, Invoice.id == Delivery.invoice_id)
        .where(or_(subject.deliveries(), Delivery.destination.in_(contacts)))
        .options(selectinload(Delivery.events))
        .order_by(Delivery.id)
    )
    return [
        {"id": d.id, "invoice_id": key}
        | _row(d, "medium", "destination", "kind", "status", "reason", "requested_by")
        | {"created_at": d.created_at}
        | {"history": [_row(e, "status", "at", "code") for e in d.events]}
        for d, key in rows
    ]


def _chat_records(session: Session, subject: Subject) -> dict[str, Any]:
    """Hand-offs, outage reports and failed identifications of the titular's numbers or UCs
    (someone else's number that failed on their UC is masked: it is that person's data)."""
    phones = sorted(subject.phones)
    ucs = ucs_of(subject.consumer.id)
    handoffs = session.scalars(
        select(Handoff)
        .where(or_(Handoff.phone.in_(phones), Handoff.unit_id.in_(subject.unit_ids)))
        .order_by(Handoff.id)
    )
    failures = session.scalars(
        select(IdentificationFailure)
        .where(or_(IdentificationFailure.phone.in_(phones), IdentificationFailure.uc.in_(ucs)))
        .order_by(IdentificationFailure.id)
    )
    return {
        "handoffs": [_handoff(h) for h in handoffs],
        "outage_reports": _outage_reports(session, subject),
        "identification_failures": [
            {"phone": f.phone if f.phone in subject.phones else mask_phone(f.phone)}
            | _row(f, "uc", "at")
            for f in failures
        ],
    }


def _handoff(handoff: Handoff) -> dict[str, Any]:
    """A hand-off with its protocol, who answered and when, the closing, the consumer's
    rating and comment, and the staff's messages (as the transcript keeps them)."""
    return (
        _row(handoff, "protocol", "channel", "phone", "reason", "created_at", "in_hours")
        | _row(handoff, "assigned_to", "first_answer_at", "returned_at", "handled_at")
        | _row(handoff, "handled_by", "close_reason", "rating", "rating_comment", "rated_at")
        | {"uc": handoff.unit.uc if handoff.unit else None}
        | {
            "messages": [
                _row(m, "author", "kind", "body", "status", "created_at", "sent_at")
                for m in handoff.messages
            ]
        }
    )


def _outage_reports(session: Session, subject: Subject) -> list[dict[str, Any]]:
    """Outage reports from the titular's numbers or about their UCs, oldest first (a report
    carries a UC only when its number was on the titular's file: the number is theirs)."""
    reports = session.scalars(
        select(OutageReport)
        .where(
            or_(
                OutageReport.phone.in_(sorted(subject.phones)),
                OutageReport.uc.in_(ucs_of(subject.consumer.id)),
            )
        )
        .order_by(OutageReport.id)
    )
    return [_row(r, "channel", "phone", "uc", "text", "created_at") for r in reports]


def export(session: Session, document: str, now: datetime) -> dict[str, Any]:
    """Everything held about the titular of `document`; the request is audited (committed)."""
    subject = find_subject(session, document)
    consumer = subject.consumer
    data: dict[str, Any] = {
        "generated_at": now,
        "consumer": _row(consumer, "document", "name", "email", "created_at", "updated_at"),
        "phones": sorted(p.phone for p in consumer.phones),
        **_units(session, subject),
        "conversations": _conversations(session, subject),
        **_chat_records(session, subject),
        "deliveries": _deliveries(session, subject),
    }
    counts = {name: len(value) for name, value in data.items() if isinstance(value, list)}
    audit(session, "lgpd.export", consumer.id, counts)
    session.commit()
    return data
