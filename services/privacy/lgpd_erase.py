"""`fatura lgpd erase`: anonymise what the service holds about one titular (LGPD art. 18, VI).

Rewritten: messages received from the titular's numbers (body replaced by MARKER, replies
dropped, number replaced by a random alias), conversations and hand-offs of those numbers
(alias; conversation state cleared; the staff's messages, the closing reason and the
rating comment replaced by MARKER, a text still held dropped), deliveries of their invoices
or to their contacts (destination masked, dedupe key retired; those not sent yet are
skipped). Deleted: their phones on file, outbox rows to their contacts or of their
deliveries, failed identifications and outage reports of their numbers, and every enrolment
of their UCs (an erasure is also an opt-out of the digital invoice: the printed one
resumes). The e-mail on the consumer row is blanked.

Kept, as the law requires: invoices, UCs, the consumer row (the ERP owns it; an import that
sends the phones or e-mail again restores them) and the consent proof. A consent keeps its
text, version, time, channel, UC and the confirming message with its provider id (Twilio can
tie that id to the number if the consent is ever disputed); its phone becomes the alias and
the confirming message is kept with personal data masked rather than replaced. Contacts
another titular also has on file are left alone (their data too). A second erase finds
nothing left and changes nothing.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from billing.validation import mask_destination
from models import (
    Consent,
    Conversation,
    Delivery,
    DeliveryStatus,
    Enrollment,
    Handoff,
    HandoffMessage,
    IdentificationAttempt,
    IdentificationFailure,
    InboundMessage,
    OutageReport,
    OutboxMessage,
)
from services.core.logging_setup import redact
from services.core.reply_entries import redacted
from services.delivery.deliveries import record_event
from services.people import enrollments
from services.privacy.lgpd import WHATSAPP_PREFIX, Subject, audit, find_subject

log = logging.getLogger(__name__)

MARKER = "[apagado a pedido do titular]"
RETIRED = "erased:"  # dedupe-key prefix of an anonymised delivery
NOT_SENT = (DeliveryStatus.PENDING, DeliveryStatus.HELD)


@dataclass(frozen=True)
class EraseReport:
    """How many rows of each kind were changed or removed."""

    consumer_id: int
    counts: dict[str, int]
    shared_kept: int

    @property
    def changed(self) -> bool:
        """False when nothing was left to erase (a repeated request)."""
        return any(self.counts.values())

    def lines(self) -> list[str]:
        """One `kind: count` line per kind, then the contacts left alone."""
        lines = [f"{kind}: {count}" for kind, count in self.counts.items()]
        if self.shared_kept:
            lines.append(f"contacts shared with another titular, kept: {self.shared_kept}")
        return lines


def alias() -> str:
    """A random stand-in for a phone number: 16 characters, tied to nothing."""
    return "apagado-" + secrets.token_hex(4)


def _messages(session: Session, aliases: dict[str, str]) -> int:
    """Replace bodies and numbers; a consent's confirming message is masked, not replaced."""
    proofs = select(Consent.inbound_message_id).where(Consent.inbound_message_id.is_not(None))
    changed = 0
    for phone, stand_in in aliases.items():
        mine = InboundMessage.from_number == phone
        for message in session.scalars(
            select(InboundMessage).where(mine, InboundMessage.id.in_(proofs))
        ):
            message.body = redact(message.body)
            message.replies = [redacted(reply, redact) for reply in message.replies or []]
            message.from_number = stand_in
            changed += 1
        session.flush()
        changed += session.execute(
            update(InboundMessage)
            .where(mine)
            .values(from_number=stand_in, body=MARKER, replies=None)
            .execution_options(synchronize_session=False)
        ).rowcount
    return changed


def _chats(session: Session, aliases: dict[str, str]) -> dict[str, int]:
    """Conversations, hand-offs and consents of the numbers get their alias."""
    counts = {"conversations": 0, "hand-offs": 0, "consents": 0}
    for phone, stand_in in aliases.items():
        counts["conversations"] += session.execute(
            update(Conversation)
            .where(Conversation.phone == phone)
            .values(phone=stand_in, data={}, version=Conversation.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        for kind, model in (("hand-offs", Handoff), ("consents", Consent)):
            counts[kind] += session.execute(
                update(model)
                .where(model.phone == phone)
                .values(phone=stand_in)
                .execution_options(synchronize_session=False)
            ).rowcount
    return counts


def _handoff_texts(session: Session, phones: list[str]) -> int:
    """The words around the numbers' hand-offs: staff messages (a held text dropped), the
    closing reason and the consumer's rating comment."""
    theirs = select(Handoff.id).where(Handoff.phone.in_(phones))
    changed = session.execute(
        update(HandoffMessage)
        .where(HandoffMessage.handoff_id.in_(theirs), HandoffMessage.body != MARKER)
        .values(body=MARKER, pending_body=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    for column in (Handoff.close_reason, Handoff.rating_comment):
        session.execute(
            update(Handoff)
            .where(Handoff.phone.in_(phones), column.is_not(None))
            .values({column: MARKER})
            .execution_options(synchronize_session=False)
        )
    return changed


def _failures(session: Session, phones: list[str]) -> int:
    """Failed identifications and guess counters of the numbers."""
    failures = delete(IdentificationFailure).where(IdentificationFailure.phone.in_(phones))
    attempts = delete(IdentificationAttempt).where(
        IdentificationAttempt.scope == "phone", IdentificationAttempt.key.in_(phones)
    )
    return session.execute(failures).rowcount + session.execute(attempts).rowcount


def _outage_reports(session: Session, phones: list[str]) -> int:
    """Outage reports sent from the numbers (their text is the titular's words)."""
    return session.execute(delete(OutageReport).where(OutageReport.phone.in_(phones))).rowcount


def _deliveries(session: Session, subject: Subject, contacts: list[str]) -> dict[str, int]:
    """Outbox rows removed; deliveries masked, their keys retired, unsent ones skipped."""
    mine = or_(subject.deliveries(), Delivery.destination.in_(contacts))
    outbox = delete(OutboxMessage).where(
        or_(
            OutboxMessage.destination.in_(contacts),
            OutboxMessage.delivery_id.in_(select(Delivery.id).where(mine)),
        )
    )
    removed = session.execute(outbox).rowcount
    rows = session.scalars(
        select(Delivery).where(mine, Delivery.dedupe_key.not_like(RETIRED + "%"))
    ).all()
    for delivery in rows:
        delivery.destination = mask_destination(delivery.destination.removeprefix(WHATSAPP_PREFIX))
        delivery.dedupe_key = f"{RETIRED}{delivery.id}"
        delivery.body = delivery.body and redact(delivery.body)
        delivery.reason = delivery.reason and redact(delivery.reason)
        if delivery.status in NOT_SENT:
            delivery.status, delivery.reason = DeliveryStatus.SKIPPED, MARKER
            record_event(session, delivery, DeliveryStatus.SKIPPED.value, reason=MARKER)
    return {"deliveries": len(rows), "outbox messages": removed}


def _records(session: Session, subject: Subject) -> dict[str, int]:
    """Enrolments of the UCs (audited one by one), phones on file and the e-mail."""
    rows = session.scalars(
        select(Enrollment).where(Enrollment.unit_id.in_(subject.unit_ids)).order_by(Enrollment.id)
    ).all()
    for row in rows:
        enrollments.unenroll(session, row, actor="cli")
    consumer = subject.consumer
    phones = len(consumer.phones)
    consumer.phones.clear()
    email = int(consumer.email is not None)
    consumer.email = None
    return {"enrollments": len(rows), "phones": phones, "e-mail": email}


def erase(session: Session, document: str) -> EraseReport:
    """Anonymise the titular of `document` (see the module's docstring); audited, committed."""
    subject = find_subject(session, document)
    phones = subject.own_phones
    contacts = phones + subject.own_emails + [WHATSAPP_PREFIX + phone for phone in phones]
    aliases = {phone: alias() for phone in phones}
    counts = {
        "inbound messages": _messages(session, aliases),
        "hand-off messages": _handoff_texts(session, phones),
        **_chats(session, aliases),
        "identification failures": _failures(session, phones),
        "outage reports": _outage_reports(session, phones),
        **_deliveries(session, subject, contacts),
        **_records(session, subject),
    }
    report = EraseReport(subject.consumer.id, counts, len(subject.shared))
    audit(session, "lgpd.erase", subject.consumer.id, {**counts, "shared_kept": report.shared_kept})
    session.commit()
    log.info("lgpd erase of consumer %d: %s", subject.consumer.id, counts)
    return report
