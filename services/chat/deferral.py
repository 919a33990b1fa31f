"""Above capacity, nothing is lost: a message the web worker cannot answer in time is
committed undecided, answered with empty TwiML at once, and decided later by a worker, whose
replies go out through the REST API (services.chat.rest_replies), in order, exactly once.

The signal is the web server's accept queue (services.core.backlog): gunicorn's sync workers
take one connection at a time, so a request waits in that queue before any of our code runs,
and Twilio's webhook carries no time it was sent. When FATURA_DEFER_BACKLOG connections or
more wait there (default 4: with three workers at 2-5 ms a message, a few ms of waiting), the
message is deferred, before Flask sees the request (webhooks/storm_gate.py). Deferring
costs one INSERT (and a Redis ask at most every 100 ms), a fraction of a decision, so the
queue drains and every HTTP answer stays far inside Twilio's 15 seconds. 0 defers every
message (the tests force the path this way). Measured with bench/storm.py (README): at
400 msg/s, p99 30-85 ms with 4 and three web workers, 38-98 ms with 8, 48-90 ms with 16
and two workers, 94 ms with 32 and two; every message answered in each. At 100 msg/s
nothing waits and nothing is deferred.

Who decides: two drain jobs (workers.jobs.drain_deferred), one per shard of numbers
(`shard_of`), each deciding the number waiting longest first. While the web is behind
(services.core.pressure, said from a quarter of the threshold waiting), they wait: the
HTTP answers come first, and the decisions catch up as soon as the storm's peak passes.

Order per conversation: while a number has undecided messages, its next ones are deferred
too (the read phase sees them: services.chat.chat_snapshot), and a job decides a number's
undecided messages oldest first (one drain job per shard at a time). Exactly once: a row is
decided by one conditional UPDATE (`reply_via = 'deferred'` → the decision), so a job, its
retry and the sweeper's job never decide it twice. Until decided (normally seconds), the
row keeps the text as received, since the bot must still read a CPF it may hold; the
decision stores it as every other message is stored, and the staff's transcript skips
undecided rows.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import InboundMessage
from services.chat.chat_snapshot import DEFERRED, OWED
from services.chat.conversations import (
    MAX_STORED_CHARS,
    InboundRequest,
    Outcome,
    handle_inbound,
)
from services.chat.rest_replies import REST, Held
from services.core import backlog, pressure

log = logging.getLogger(__name__)
# The sweeper enqueues again the decision of a message still undecided after this long.
STALE_AFTER = timedelta(minutes=1)
# Numbers are split in this many shards, each decided by one job at a time (two workers
# decide in parallel; a number's messages stay in one shard, so they are decided in order).
SHARDS = 2
_MESSAGE = InboundMessage.__table__
_INSERT = insert(_MESSAGE).returning(_MESSAGE.c.id)
# Built once (a statement object keeps its cache key): the number's messages up to b_id
# still undecided or with REST replies to send, oldest first.
_TARGET = (
    select(_MESSAGE.c.channel, _MESSAGE.c.from_number)
    .where(_MESSAGE.c.id == bindparam("b_id"))
    .subquery()
)
_WAITING_UP_TO = (
    select(
        _MESSAGE.c.id,
        _MESSAGE.c.reply_via,
        _MESSAGE.c.provider_message_id,
        _MESSAGE.c.channel,
        _MESSAGE.c.from_number,
        _MESSAGE.c.to_number,
        _MESSAGE.c.body,
        _MESSAGE.c.num_media,
        _MESSAGE.c.received_at,
        _MESSAGE.c.simulated_by,
    )
    .join(
        _TARGET,
        and_(
            _MESSAGE.c.channel == _TARGET.c.channel,
            _MESSAGE.c.from_number == _TARGET.c.from_number,
        ),
    )
    .where(
        OWED,
        _MESSAGE.c.id <= bindparam("b_id"),
    )
    .order_by(_MESSAGE.c.id)
)


def overloaded(threshold: int, queue: object) -> bool:
    """True when at least `threshold` connections wait for a web worker (0: always). From a
    quarter of the threshold (at least one) waiting, the workers are told to hold deferred
    decisions back (services.core.pressure): the web's answers come first."""
    waiting = backlog.waiting()
    if waiting >= max(1, threshold // 4):
        pressure.say_behind(queue)
    return waiting >= threshold


def shard_of(phone: str) -> int:
    """The shard whose job decides this number's deferred messages."""
    return zlib.crc32(phone.encode()) % SHARDS


def lists_affordable(threshold: int) -> bool:
    """True while WhatsApp lists and buttons may go out: fewer than a quarter of the deferral
    threshold (at least one) wait for a web worker. A list goes through the REST API, a
    worker's job per reply; in a storm the numbered text in the webhook's own answer costs
    nothing more, and the workers' time goes to the deferred messages instead."""
    return backlog.waiting() < max(1, threshold // 4)


def defer(session: Session, request: InboundRequest, now: datetime) -> Outcome:
    """Commit the message undecided (ending the session's read transaction first);
    Outcome.deferred_id names it for the deciding job (None with `duplicate` when the
    provider id was recorded before)."""
    if session.in_transaction():
        session.commit()
    return record(session.get_bind(), request, now)  # type: ignore[arg-type]


def record(engine: Engine, request: InboundRequest, now: datetime) -> Outcome:
    """Commit the message undecided, on a connection of its own: this is all a deferral
    writes (webhooks.storm_gate calls it without any session)."""
    row = {
        "provider_message_id": request.message_id,
        "channel": request.channel,
        "from_number": request.phone,
        "to_number": request.to,
        "body": request.body[:MAX_STORED_CHARS],
        "num_media": request.num_media,
        "received_at": now,
        "simulated_by": request.simulated_by,
        "reply_via": DEFERRED,
    }
    # On PostgreSQL one round trip: the INSERT alone is atomic (no BEGIN, no COMMIT to send).
    autocommit = {"isolation_level": "AUTOCOMMIT"} if engine.dialect.name == "postgresql" else {}
    try:
        with engine.connect().execution_options(**autocommit) as conn:
            inbound_id = conn.execute(_INSERT, row).scalar_one()
            conn.commit()
    except IntegrityError:
        return Outcome(duplicate=True)
    log.debug("inbound %s message %d deferred", request.channel, inbound_id)
    return Outcome(deferred_id=inbound_id)


@dataclass
class Decided:
    """What deciding led to: the replies to send now (leased: `held`, oldest first;
    `others`: older messages still have REST replies to send), deliveries, staff
    messages."""

    held: list[Held] = field(default_factory=list)
    others: bool = False
    delivery_ids: list[int] = field(default_factory=list)
    staff_message_ids: list[int] = field(default_factory=list)


def decide(session: Session, inbound_id: int, now: datetime) -> Decided:
    """Decide the number's undecided messages up to `inbound_id`, oldest first; one decided
    already (by another job) is skipped."""
    rows = list(session.execute(_WAITING_UP_TO, {"b_id": inbound_id}))
    session.commit()
    decided = Decided(others=any(row.reply_via == REST for row in rows))
    for row in rows:
        if row.reply_via != DEFERRED:
            continue
        outcome = handle_inbound(session, _request(row), now)
        decided.delivery_ids += outcome.delivery_ids
        decided.staff_message_ids += outcome.staff_message_ids
        if outcome.held_replies is not None:
            held = Held(row.id, row.channel, row.from_number, row.received_at,
                        row.simulated_by, outcome.held_replies)  # fmt: skip
            decided.held.append(held)
    return decided


def _request(row: Any) -> InboundRequest:
    """The deferred row as the request it was, now answered through the REST API."""
    return InboundRequest(
        channel=row.channel,
        message_id=row.provider_message_id,
        phone=row.from_number,
        to=row.to_number or "",
        body=row.body,
        num_media=row.num_media,
        simulated_by=row.simulated_by,
        reply_via=REST,
        deferred_id=row.id,
    )


@dataclass(frozen=True)
class Waiting:
    """A number with deferred messages: its newest (deciding it decides the older ones
    first) and when its oldest arrived (UTC-aware: min() keeps the column's UTCDateTime)."""

    newest_id: int
    since: datetime


def waiting_in_shard(session: Session, shard: int, limit: int) -> list[Waiting]:
    """Up to `limit` numbers of the shard with deferred messages, the one waiting longest
    first."""
    query = (
        select(
            func.max(_MESSAGE.c.id),
            func.min(_MESSAGE.c.id),
            func.min(_MESSAGE.c.received_at),
            _MESSAGE.c.from_number,
        )
        .where(_MESSAGE.c.reply_via == DEFERRED)
        .group_by(_MESSAGE.c.channel, _MESSAGE.c.from_number)
    )
    rows = [(first, Waiting(newest, since)) for newest, first, since, phone
            in session.execute(query) if shard_of(phone) == shard]  # fmt: skip
    session.commit()
    return [waiting for _, waiting in sorted(rows, key=lambda r: r[0])[:limit]]


def stale_shards(session: Session, now: datetime) -> list[int]:
    """The shards with a message still undecided after STALE_AFTER (their job was lost)."""
    query = (
        select(InboundMessage.from_number)
        .where(InboundMessage.reply_via == DEFERRED, InboundMessage.received_at < now - STALE_AFTER)
        .distinct()
    )
    return sorted({shard_of(phone) for phone in session.scalars(query)})
