"""On PostgreSQL, a message whose step writes nothing else is recorded, and its conversation
moved, in one statement: the write phase without BEGIN and COMMIT round trips.

Most storm messages (a menu answer, an outage report already filed, a question) change
only the conversation's state and add their own row. One INSERT … SELECT FROM a data-
modifying CTE does both, atomic as any statement, in autocommit:

    WITH moved AS (UPDATE conversation … WHERE id = :id AND version = :version RETURNING id)
    INSERT INTO inbound_message (…) SELECT … FROM moved RETURNING id

- the conversation moved meanwhile (another message of the number): the UPDATE finds no
  row, nothing is inserted, no id comes back: decide again (conversations._Raced);
- the same provider id recorded before: the INSERT's unique violation undoes the UPDATE
  too (one statement), and the message is a duplicate;
- a new number: the CTE creates the conversation (ON CONFLICT DO NOTHING: another message
  of the number created it first, and nothing comes back: decide again).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Conversation, InboundMessage

_CONVERSATION = Conversation.__table__
_MESSAGE = InboundMessage.__table__
_COLUMNS = ("provider_message_id", "channel", "from_number", "to_number", "body", "num_media",
            "received_at", "processed_at", "replies", "simulated_by", "reply_via")  # fmt: skip


def _message_from(cte: Any) -> Any:
    """INSERT the message's row for each row of `cte` (one, or none), RETURNING its id."""
    values = [bindparam(f"m_{name}", type_=_MESSAGE.c[name].type) for name in _COLUMNS]
    chosen = select(*values).select_from(cte)
    # No Python-side defaults added (replies_sent's): the table's own apply.
    statement = insert(_MESSAGE).from_select(list(_COLUMNS), chosen, include_defaults=False)
    return statement.returning(_MESSAGE.c.id)


def _state(name: str) -> Any:
    """A bound value for conversation column `name`, typed as the column."""
    return bindparam(f"c_{name}", type_=_CONVERSATION.c[name].type)


_STATE = {
    "data": _state("data"),
    "version": _state("version"),
    "last_inbound_at": _state("last_inbound_at"),
    "updated_at": _state("updated_at"),
}
_MOVED = (
    update(_CONVERSATION)
    .where(
        _CONVERSATION.c.id == bindparam("b_id"),
        _CONVERSATION.c.version == bindparam("b_version"),
    )
    .values(_STATE)
    .returning(_CONVERSATION.c.id)
    .cte("moved")
)
_CREATED = (
    postgresql.insert(_CONVERSATION)
    .values(channel=_state("channel"), phone=_state("phone"), **_STATE)
    .on_conflict_do_nothing(index_elements=["channel", "phone"])
    .returning(_CONVERSATION.c.id)
    .cte("created")
)
_AFTER_MOVE = _message_from(_MOVED)
_AFTER_CREATE = _message_from(_CREATED)


class Moved(Exception):
    """The conversation moved (or was created) meanwhile: decide the message again."""


def write(
    session: Session,
    row: dict[str, Any],
    conversation: tuple[int | None, int],
    channel_phone: tuple[str, str],
    state: dict[str, Any],
    now: datetime,
) -> int | None:
    """Record the message `row` and move `conversation` (id, version read; id None: create
    it) to `state`, in one autocommitted statement; the message's id, or None for a
    duplicate. Raises Moved when the conversation changed since it was read."""
    conversation_id, version = conversation
    params = {f"m_{name}": row[name] for name in _COLUMNS}
    params |= {"c_data": state, "c_version": version + 1, "c_last_inbound_at": now,
               "c_updated_at": now}  # fmt: skip
    if conversation_id is None:
        statement = _AFTER_CREATE
        params |= {"c_channel": channel_phone[0], "c_phone": channel_phone[1]}
    else:
        statement = _AFTER_MOVE
        params |= {"b_id": conversation_id, "b_version": version}
    # Autocommit, as the read phase (conversations._begin_reads): the statement is atomic.
    session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    try:
        inbound_id = session.execute(statement, params).scalar_one_or_none()
    except IntegrityError:
        session.rollback()
        return None
    session.commit()
    if inbound_id is None:
        raise Moved
    return int(inbound_id)


def _recording(lease: bool) -> Any:
    """A CTE recording a message's replies (and taking their REST lease, with `lease`)."""
    values = {
        "replies": bindparam("r_replies", type_=_MESSAGE.c.replies.type),
        "reply_via": bindparam("r_reply_via", type_=_MESSAGE.c.reply_via.type),
    }
    if lease:
        values["send_lease_until"] = bindparam("r_lease", type_=_MESSAGE.c.send_lease_until.type)
    return update(_MESSAGE).where(_MESSAGE.c.id == bindparam("r_id")).values(values).cte("recorded")


# The conversation's move (its SET clause from the parameters, as conversations._MOVE) with
# the message's replies recorded in the same statement: PostgreSQL runs a data-modifying CTE
# to completion whether the main statement reads it or not.
_MOVE_RECORDING = {
    lease: update(_CONVERSATION)
    .where(
        _CONVERSATION.c.id == bindparam("b_id"),
        _CONVERSATION.c.version == bindparam("b_version"),
    )
    .add_cte(_recording(lease))
    .returning(_CONVERSATION.c.id)
    for lease in (False, True)
}


def move_recording(
    session: Session, conversation: tuple[int, int], state: dict[str, Any],
    inbound_id: int, replies: dict[str, Any],
) -> bool:  # fmt: skip
    """In the message's transaction, move `conversation` (id, version read) to `state` and
    record the message's `replies` (replies, reply_via, and send_lease_until when leased) in
    one statement; False when the conversation moved meanwhile (its UPDATE found no row:
    the caller rolls back, the replies' UPDATE with it)."""
    conversation_id, version = conversation
    params = {"b_id": conversation_id, "b_version": version, "version": version + 1, **state,
              "r_id": inbound_id, "r_replies": replies["replies"],
              "r_reply_via": replies["reply_via"]}  # fmt: skip
    lease = "send_lease_until" in replies
    if lease:
        params["r_lease"] = replies["send_lease_until"]
    return session.execute(_MOVE_RECORDING[lease], params).first() is not None
