"""Replies sent through the provider's REST API instead of the webhook's TwiML answer: a
photo's reading, an interactive menu, a message decided after the webhook answered.

The message row is the outbox: `replies` holds every reply in order, `reply_via` is "rest"
until the last one is out ("sent" then) and `replies_sent` counts those already sent,
committed after each one, so a retry never repeats a message that went out (a worker dying
between the provider's acceptance and that commit may repeat one: the only window left).
A conversation's replies go in the order its messages arrived: a job sends every pending
message of the conversation, oldest first, holding a lease on each row; a job that finds a
row leased by another worker raises `Busy`, and the queue tries again later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from channels.base import Channel, ChannelError
from channels.registry import SIMULATED, channel_for
from channels.twilio_messaging import TwilioChannel
from models import DeliveryMedium, InboundMessage
from services.chat import rich_replies
from services.core.runtime import Runtime

log = logging.getLogger(__name__)
REST, SENT = "rest", "sent"
LEASE = timedelta(seconds=90)
# The sweeper enqueues again a message whose replies are still unsent after this long.
STALE_AFTER = timedelta(minutes=2)
_TABLE = InboundMessage.__table__


class Busy(Exception):
    """Another worker is sending this conversation's replies: try again later."""


def send_entry(channel: Channel, phone: str, entry: Any, session: Session | None = None) -> None:
    """Send one recorded reply: a text, or a mapping with tappable options drawn where the
    chat can show them and its numbered text otherwise (services/chat/rich_replies.py)."""
    rich_replies.send(channel, phone, entry, session)


# Built once (a statement object keeps its cache key; building one costs more than running
# it): the sender of a message, its conversation's messages with replies to send, the lease,
# and the two ways of recording progress.
_SENDER = select(_TABLE.c.channel, _TABLE.c.from_number).where(_TABLE.c.id == bindparam("b_id"))
_PENDING = (
    select(_TABLE.c.id, _TABLE.c.channel, _TABLE.c.received_at, _TABLE.c.simulated_by)
    .where(
        _TABLE.c.reply_via == REST,
        _TABLE.c.channel == bindparam("b_channel"),
        _TABLE.c.from_number == bindparam("b_phone"),
    )
    .order_by(_TABLE.c.id)
)
_LEASE = (
    update(_TABLE)
    .where(
        _TABLE.c.id == bindparam("b_id"),
        _TABLE.c.reply_via == REST,
        or_(_TABLE.c.send_lease_until.is_(None), _TABLE.c.send_lease_until < bindparam("b_now")),
    )
    .values(send_lease_until=bindparam("b_until"))
    .returning(_TABLE.c.replies, _TABLE.c.replies_sent)
)
_PROGRESS = update(_TABLE).where(_TABLE.c.id == bindparam("b_id"))
_RELEASE = update(_TABLE).where(_TABLE.c.reply_via == REST).values(send_lease_until=None)
_SENT_SOME = _PROGRESS.values(replies_sent=bindparam("b_sent"))
_SENT_ALL = _PROGRESS.values(
    replies_sent=bindparam("b_sent"), reply_via=SENT, send_lease_until=None
)


def _pending(session: Session, channel: str, phone: str) -> list[Any]:
    """The conversation's messages with replies still to send, oldest first (id, channel,
    received_at, simulated_by)."""
    return list(session.execute(_PENDING, {"b_channel": channel, "b_phone": phone}))


def _lease(session: Session, row_id: int, now: datetime) -> tuple[list[Any], int] | None:
    """Take the row for LEASE (committed): its replies and how many are out; None when
    another worker holds it (or it was sent meanwhile)."""
    claimed = session.execute(
        _LEASE, {"b_id": row_id, "b_now": now, "b_until": now + LEASE}
    ).first()
    session.commit()
    return (list(claimed[0] or []), int(claimed[1] or 0)) if claimed is not None else None


def _advance(session: Session, row_id: int, sent: int, total: int) -> None:
    """Record that `sent` replies are out (the last one closes the row and its lease)."""
    statement = _SENT_ALL if sent >= total else _SENT_SOME
    session.execute(statement, {"b_id": row_id, "b_sent": sent})
    session.commit()


def _send_row(
    session: Session, channel: Channel, row_id: int, phone: str, leased: tuple[list[Any], int]
) -> None:
    """Send a leased row's unsent replies in order; a permanent refusal skips that reply
    (logged), a transient failure releases the lease and propagates for a retry."""
    replies, already = leased
    for position in range(already, len(replies)):
        try:
            send_entry(channel, phone, replies[position], session)
        except ChannelError as exc:
            if exc.transient:
                session.execute(_RELEASE.where(_TABLE.c.id == row_id))
                session.commit()
                raise
            log.warning("reply %d of message %d refused: %s", position, row_id, exc.code)
        _advance(session, row_id, position + 1, len(replies))
    if not replies:
        _advance(session, row_id, 0, 0)


@dataclass(frozen=True)
class Held:
    """A row whose replies the caller leased as it recorded them (a deferred message, just
    decided): sent without a second lease, nor a look-up of what it holds."""

    id: int
    channel: str
    phone: str
    received_at: datetime
    simulated_by: str | None
    replies: list[Any]


def send_pending(session: Session, runtime: Runtime, inbound_id: int, now: datetime) -> int:
    """Send every unsent REST reply of this message's conversation, oldest message first;
    returns how many messages were completed. Nothing to do when they were all sent."""
    first = session.execute(_SENDER, {"b_id": inbound_id}).first()
    if first is None:
        return 0
    channel_name, phone = first
    return _send_rows(session, runtime, phone, _pending(session, channel_name, phone), now, {})


def send_held(
    session: Session, runtime: Runtime, held: list[Held], others: bool, now: datetime
) -> int:
    """Send the replies of rows just decided and leased (`held`: one number's, oldest
    first); with
    `others` (older messages of the conversation still have REST replies to send) every
    pending row goes, in order. Busy (another worker sends one of those) or a provider's
    failure releases the leases of the held rows not sent, so the retry (send_replies, or
    the sweeper's) is not kept waiting for them."""
    if not held:
        return 0
    channel_name, phone = held[0].channel, held[0].phone
    rows = _pending(session, channel_name, phone) if others else held
    try:
        return _send_rows(session, runtime, phone, rows, now, {row.id: row for row in held})
    except (Busy, ChannelError):
        session.rollback()
        ids = [row.id for row in held]
        session.execute(_RELEASE.where(_TABLE.c.id.in_(ids)))
        session.commit()
        raise


def _send_rows(
    session: Session,
    runtime: Runtime,
    phone: str,
    rows: list[Any],
    now: datetime,
    held: dict[int, Held],
) -> int:
    """Lease (unless held) and send each row's replies, in the order given."""
    channels: dict[str | None, Channel] = {}
    for row in rows:
        row_id, received_at, simulated_by = row.id, row.received_at, row.simulated_by
        leased = (held[row_id].replies, 0) if row_id in held else _lease(session, row_id, now)
        if leased is None:
            raise Busy(f"message {row_id} is being answered by another worker")
        channel = channels.get(simulated_by) or _channel(runtime, row)
        channels[simulated_by] = channel
        if isinstance(channel, TwilioChannel):
            channel.wrote_at(phone, received_at)  # the message opened the window: no query
        _send_row(session, channel, row_id, phone, leased)
    return len(rows)


def _channel(runtime: Runtime, row: Any) -> Channel:
    """The adapter answering this message (the outbox for a simulated conversation)."""
    who = f"{SIMULATED}{row.simulated_by}" if row.simulated_by else None
    return channel_for(DeliveryMedium(row.channel), runtime.config, runtime.db, who)


def stale(session: Session, now: datetime) -> list[int]:
    """Messages whose REST replies are still unsent after STALE_AFTER and not leased: one
    per conversation (its job sends the conversation's others too)."""
    query = (
        select(InboundMessage.id, InboundMessage.channel, InboundMessage.from_number)
        .where(
            InboundMessage.reply_via == REST,
            InboundMessage.received_at < now - STALE_AFTER,
            or_(InboundMessage.send_lease_until.is_(None), InboundMessage.send_lease_until < now),
        )
        .order_by(InboundMessage.id)
    )
    firsts: dict[tuple[str, str], int] = {}
    for row_id, channel, phone in session.execute(query):
        firsts.setdefault((channel, phone), row_id)
    return list(firsts.values())
