"""The retention routine (LGPD): removes what outlived its retention setting.

What goes, and which setting says when:

- `retention_transcript_days`: inbound messages (their bodies are the transcripts),
  conversations idle that long, hand-offs handled and created that long ago with their staff
  messages (and the consumer's rating comment), outage reports made that long ago, and
  messages the bot did not understand last seen that long ago;
- `retention_failure_days`: identification failures, and guess counters whose window and
  lock ended that long ago;
- `retention_outbox_days`: rows of the local outbox channel (texts and document bytes);
- `retention_document_days`: rendered PDFs in storage (rendered again when asked for).

Expired short links go at every run: they name no one and no longer open anything.

What stays: invoices, deliveries and their history, enrolments, consents and the inbound
message each consent points to (the consumer's confirming message is the proof), hand-offs
still waiting for staff with their message, and the conversations of numbers that opted out
(the opt-out must keep holding). Rows go in batches of BATCH ids, each its own short
transaction, so a large backlog neither holds a long lock nor exceeds bind-parameter limits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Table, and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from models import (
    Consent,
    Conversation,
    Handoff,
    HandoffMessage,
    IdentificationAttempt,
    IdentificationFailure,
    InboundMessage,
    OutageReport,
    OutboxMessage,
    ShortLink,
    UnrecognizedMessage,
)
from services import settings as settings_service
from services.chat.id_attempts import WINDOW as LOCK_WINDOW
from services.core.storage import Storage
from services.settings import Settings

log = logging.getLogger(__name__)

BATCH = 1000

_HANDOFF = Handoff.__table__
_STAFF = HandoffMessage.__table__
_INBOUND = InboundMessage.__table__
_CONSENT = Consent.__table__
_CONVERSATION = Conversation.__table__
_FAILURE = IdentificationFailure.__table__
_ATTEMPT = IdentificationAttempt.__table__
_OUTBOX = OutboxMessage.__table__
_LINK = ShortLink.__table__
_OUTAGE = OutageReport.__table__
_UNRECOGNIZED = UnrecognizedMessage.__table__


@dataclass(frozen=True)
class PurgeReport:
    """How many of each kind were removed, in the order they were purged."""

    counts: dict[str, int]

    def lines(self) -> list[str]:
        """One `kind: count` line per kind, as `fatura purge` prints them."""
        return [f"{kind}: {count}" for kind, count in self.counts.items()]

    @property
    def total(self) -> int:
        """Everything removed."""
        return sum(self.counts.values())


def delete_in_batches(session: Session, table: Table, condition: ColumnElement[bool]) -> int:
    """Delete the rows matching `condition`, BATCH primary keys a statement, committing each
    batch; the condition is checked again by the DELETE, so a row that changed meanwhile
    (a conversation that just got a message) stays. Returns how many went."""
    key = table.primary_key.columns.values()[0]
    removed, after = 0, None
    while True:
        query = select(key).where(condition).order_by(key).limit(BATCH)
        if after is not None:
            query = query.where(key > after)
        ids = session.scalars(query).all()
        if not ids:
            return removed
        removed += session.execute(delete(table).where(key.in_(ids), condition)).rowcount
        session.commit()
        if len(ids) < BATCH:
            return removed
        after = ids[-1]


Rule = tuple[Table, ColumnElement[bool]]


def _transcript_rules(cutoff: datetime) -> dict[str, Rule]:
    """Hand-offs (their staff messages first), outage reports, texts not understood, inbound
    messages and conversations older than the transcript cutoff (reports before the
    messages they point to)."""
    proof = exists().where(_CONSENT.c.inbound_message_id == _INBOUND.c.id)
    waiting = exists().where(_HANDOFF.c.inbound_message_id == _INBOUND.c.id)
    idle_since = func.coalesce(_CONVERSATION.c.last_inbound_at, _CONVERSATION.c.updated_at)
    closed = and_(_HANDOFF.c.handled_at.is_not(None), _HANDOFF.c.created_at < cutoff)
    return {
        "hand-off messages": (_STAFF, _STAFF.c.handoff_id.in_(select(_HANDOFF.c.id).where(closed))),
        "hand-offs": (_HANDOFF, closed),
        "outage reports": (_OUTAGE, _OUTAGE.c.created_at < cutoff),
        "unrecognized messages": (_UNRECOGNIZED, _UNRECOGNIZED.c.last_seen < cutoff),
        "inbound messages": (_INBOUND, and_(_INBOUND.c.received_at < cutoff, ~proof, ~waiting)),
        "conversations": (
            _CONVERSATION,
            and_(idle_since < cutoff, _CONVERSATION.c.opted_out_at.is_(None)),
        ),
    }


def _failure_rules(cutoff: datetime) -> dict[str, Rule]:
    """Failed identifications, and guess counters whose window and lock ended, before cutoff."""
    return {
        "identification failures": (_FAILURE, _FAILURE.c.at < cutoff),
        "identification attempts": (
            _ATTEMPT,
            and_(
                _ATTEMPT.c.window_start < cutoff - LOCK_WINDOW,
                or_(_ATTEMPT.c.locked_until.is_(None), _ATTEMPT.c.locked_until < cutoff),
            ),
        ),
    }


def purge(
    session: Session, storage: Storage, now: datetime, values: Settings | None = None
) -> PurgeReport:
    """Remove everything older than its retention setting; commits batch by batch."""
    values = values if values is not None else settings_service.load(session)

    def cutoff(days: int) -> datetime:
        return now - timedelta(days=days)

    rules = {
        **_transcript_rules(cutoff(values.retention_transcript_days)),
        **_failure_rules(cutoff(values.retention_failure_days)),
        "outbox messages": (_OUTBOX, _OUTBOX.c.created_at < cutoff(values.retention_outbox_days)),
        "short links": (_LINK, _LINK.c.expires_at <= now),
    }
    session.commit()  # end the settings read: each batch is its own transaction
    counts = {kind: delete_in_batches(session, *rule) for kind, rule in rules.items()}
    counts["documents"] = storage.purge_older_than(cutoff(values.retention_document_days))
    log.info("retention purge: %s", ", ".join(f"{k} {n}" for k, n in counts.items()))
    return PurgeReport(counts)
