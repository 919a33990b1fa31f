"""The read phase's one query: a number's conversation (state, version, last message), its
UCs, and whether it has messages still waiting — for a deferred decision (services.chat.
deferral) or for their replies to go out through REST (services.chat.rest_replies) — all in
one round trip. A message that finds any waits behind them (deferred too), so its answer
never overtakes theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    bindparam,
    cast,
    exists,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from models import Conversation, IdentificationAttempt, InboundMessage
from models.base import UTCDateTime
from services.chat import id_attempts
from services.chat.bot_view import phone_params, phone_units_select
from services.chat.rest_replies import REST

DEFERRED = "deferred"  # inbound_message.reply_via of a message not decided yet
_CONVERSATION = Conversation.__table__
_MESSAGE = InboundMessage.__table__
_ATTEMPT = IdentificationAttempt.__table__
_PENDING_MARK = -1  # the id column of the row saying "messages wait for a decision"
_GUESSES_MARK = -2  # the id column of the number's guess counter
# A message still owed answers: undecided, or with REST replies unsent. Written out, not
# bound: only literals let the planner use the partial index ix_inbound_message_deferred.
OWED = _MESSAGE.c.reply_via.in_([literal_column(f"'{DEFERRED}'"), literal_column(f"'{REST}'")])
# Built once: a statement object keeps its cache key, so executing it again skips building
# the expression and its key (most of a short statement's cost in SQLAlchemy).
# The conversation row (id set), the number's UCs (id NULL), which the engine asks for first
# on most messages, and a marker row when the number has undecided messages.
_SNAPSHOT = union_all(
    select(
        _CONVERSATION.c.id,
        _CONVERSATION.c.data,
        _CONVERSATION.c.version,
        _CONVERSATION.c.last_inbound_at,
        cast(null(), UTCDateTime()).label("until"),
        null().label("uc"),
    ).where(
        _CONVERSATION.c.channel == bindparam("b_channel"),
        _CONVERSATION.c.phone == bindparam("b_phone"),
    ),
    phone_units_select(null(), null(), null(), null(), null()),
    select(literal(_PENDING_MARK), null(), null(), null(), null(), null()).where(
        exists().where(
            OWED,
            _MESSAGE.c.channel == bindparam("b_channel"),
            _MESSAGE.c.from_number == bindparam("b_from"),
        )
    ),
    # The number's CPF/CNPJ guess counter (count, window start, lock end), which the bot
    # checks before asking for a document on most messages of an unknown number.
    select(
        literal(_GUESSES_MARK), null(), _ATTEMPT.c.count, _ATTEMPT.c.window_start,
        _ATTEMPT.c.locked_until, null(),
    ).where(_ATTEMPT.c.scope == literal_column("'phone'"), _ATTEMPT.c.key == bindparam("b_from")),
).order_by(literal_column("uc"))  # fmt: skip


@dataclass(frozen=True)
class Snapshot:
    """The conversation as the read phase saw it (id None: not created yet), the UCs of the
    number, when it last wrote, and whether earlier messages still wait (`undecided`: for a
    decision, or for their REST replies to go out)."""

    id: int | None
    state: dict[str, Any]
    version: int
    units: list[str]
    last_inbound_at: datetime | None = None
    undecided: bool = False
    guesses: id_attempts.Counter | None = None  # the number's CPF/CNPJ guess counter


def read(session: Session, channel: str, phone: str) -> Snapshot:
    """The number's conversation state and version, its UCs, and its undecided messages."""
    params = {"b_channel": channel, "b_from": phone, **phone_params(phone)}
    rows = session.execute(_SNAPSHOT, params).all()
    undecided = any(row.id == _PENDING_MARK for row in rows)
    guesses = next(
        (id_attempts.Counter(r.version, r.last_inbound_at, r.until)
         for r in rows if r.id == _GUESSES_MARK),
        None,
    )  # fmt: skip
    units = list(dict.fromkeys(row.uc for row in rows if row.id is None))
    row = next((r for r in rows if r.id is not None and r.id >= 0), None)
    if row is None:
        return Snapshot(None, {}, 0, units, undecided=undecided, guesses=guesses)
    return Snapshot(
        row.id, dict(row.data), row.version, units, row.last_inbound_at, undecided, guesses
    )
