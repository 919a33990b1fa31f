"""One inbound chat message, end to end: recorded once, answered once, effects committed
with the new conversation state before anything is enqueued.

Two phases keep write transactions short (SQLite has one writer at a time): the engine
decides from a read-only look at the data, then one short transaction inserts the message
row (its unique provider id stops repeats: Twilio retries, concurrent deliveries of the
same webhook), moves the conversation from the version it read to the next one (another
message of the same number in between makes this update miss, and the message is decided
again), writes the effects and commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.engine import handle
from bot.media_types import Attachment, PhotoFinding
from bot.nlu.model import warm_up
from bot.types import Inbound, Step
from models import Conversation, InboundMessage
from services import settings
from services.chat import chat_snapshot, one_write
from services.chat.bot_effects import EffectContext, apply_effects, protocols_ahead
from services.chat.bot_view import DbBotView
from services.chat.chat_snapshot import DEFERRED, Snapshot
from services.chat.notice_answers import answers_notice, held_staff_texts, waiting_notices
from services.chat.rest_replies import LEASE, REST
from services.core.clock import LOCAL_TZ
from services.core.logging_setup import redact
from services.core.reply_entries import with_choices
from services.delivery import whatsapp_notice

log = logging.getLogger(__name__)
MAX_BODY_CHARS = 1600
MAX_STORED_CHARS = 4096
ATTEMPTS = 5
ONE_MESSAGE_CHARS = 1600  # the longest body Twilio takes for one SMS (sent as segments)


@dataclass(frozen=True)
class InboundRequest:
    """A provider's inbound message, parsed and with the sender in E.164."""

    channel: str  # whatsapp | sms
    message_id: str
    phone: str
    to: str
    body: str
    num_media: int = 0
    simulated_by: str | None = None  # the staff login, when typed in the chat simulator
    attachment: Attachment | None = None  # a photo, voice note, location… (inbound_media.py)
    photo: PhotoFinding | None = None  # a worker's reading of a photo (photo_read.py)
    reply_via: str = "twiml"  # "rest": the replies go out through the REST API (rest_replies)
    tap: str = ""  # the id of a tapped WhatsApp list item or button (bot/taps.py)
    # Twilio's REST API can draw lists and buttons for this chat (credentials configured,
    # not the simulator, which draws them from the recorded replies): see _reply_via.
    rich: bool = False
    deferred_id: int | None = None  # its row, recorded undecided (services.chat.deferral)


@dataclass
class Outcome:
    """What to answer and what to enqueue (deliveries; staff messages of a hand-off that the
    message released); `duplicate` when the message was seen before."""

    replies: list[str] = field(default_factory=list)
    delivery_ids: list[int] = field(default_factory=list)
    duplicate: bool = False
    staff_message_ids: list[int] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)  # pending photos for read_photo jobs
    rest_reply_id: int | None = None  # the message whose replies a send_replies job sends
    defer: bool = False  # earlier messages of the number wait for a decision: defer this too
    deferred_id: int | None = None  # committed undecided: a decide_deferred job decides it
    # A deferred message just decided: its REST replies, leased to the decider, who sends
    # them at once (rest_replies.send_held).
    held_replies: list[Any] | None = None


_CONVERSATION = Conversation.__table__
_MESSAGE = InboundMessage.__table__
_RECORD = insert(InboundMessage.__table__).returning(InboundMessage.__table__.c.id)
# A deferred message's row, decided: only the first decider finds it still undecided.
_DECIDED = (
    update(_MESSAGE)
    .where(_MESSAGE.c.id == bindparam("b_id"), _MESSAGE.c.reply_via == DEFERRED)
    .returning(_MESSAGE.c.id)
)
_REPLIES = update(InboundMessage.__table__).where(
    InboundMessage.__table__.c.id == bindparam("b_id")
)
# The conversation's first row, unless another message of the number created it meanwhile:
# ON CONFLICT in the statement itself, rather than a savepoint around a plain INSERT (two
# more round trips on PostgreSQL for every new number, most of a storm's senders).
_CREATE = {
    dialect: module.insert(_CONVERSATION)
    .on_conflict_do_nothing(index_elements=["channel", "phone"])
    .returning(_CONVERSATION.c.id)
    for dialect, module in (("postgresql", postgresql), ("sqlite", sqlite))
}
_MOVE = update(_CONVERSATION).where(
    _CONVERSATION.c.id == bindparam("b_id"), _CONVERSATION.c.version == bindparam("b_version")
)


class _Raced(Exception):
    """Another message of the same number changed the conversation first: decide again."""


def _begin_reads(session: Session) -> None:
    """On PostgreSQL, run the read phase in autocommit: under its READ COMMITTED each
    statement takes its own snapshot anyway, so a transaction around the reads only cost a
    BEGIN and a COMMIT round trip (bench/webhook.py: ~20 % more messages a second without
    them). SQLite keeps its read transaction, one WAL snapshot for all the reads."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def stored_body(body: str, step: Step | None) -> str:
    """The message as kept at rest: what the bot consumed as personal data (a CPF/CNPJ
    answer) as its placeholder; anything else cut to MAX_STORED_CHARS and redacted once,
    here, so no page or export has to redact on read."""
    if step is not None and step.stored_text is not None:
        return step.stored_text
    return redact(body[:MAX_STORED_CHARS])


def _record(
    session: Session, request: InboundRequest, now: datetime, step: Step | None, via: str
) -> int | None:
    """Insert the message row (stamped processed: it commits with its effects or not at
    all), or mark a deferred one decided; None when the provider id was recorded meanwhile
    or another worker decided the deferred row first."""
    row = _row(request, now, step, via)
    if request.deferred_id is not None:
        keep = ("body", "processed_at", "replies", "reply_via")
        values = {key: row[key] for key in keep} | {"b_id": request.deferred_id}
        return session.execute(_DECIDED, values).scalar_one_or_none()
    try:
        return session.execute(_RECORD, row).scalar_one()
    except IntegrityError:
        session.rollback()
        return None


def _row(request: InboundRequest, now: datetime, step: Step | None, via: str) -> dict[str, Any]:
    """The message's row as recorded once decided (processed now)."""
    return {
        "provider_message_id": request.message_id,
        "channel": request.channel,
        "from_number": request.phone,
        "to_number": request.to,
        "body": stored_body(request.body, step),
        "num_media": request.num_media,
        "received_at": now,
        "processed_at": now,
        "replies": [] if step is None else _entries(request, step, step.replies),
        "simulated_by": request.simulated_by,
        "reply_via": via,
    }


def _create_statement(session: Session) -> Any:
    """_CREATE for the session's database."""
    return _CREATE[session.get_bind().dialect.name]


def _save_state(
    session: Session,
    request: InboundRequest,
    seen: Snapshot,
    values: dict[str, Any],
    recorded: tuple[int, dict[str, Any] | None],
) -> None:
    """Move the conversation from the version read to the next, and record the message's
    replies when they changed (`recorded`: its id and the new values, or None); raise
    _Raced if the conversation moved. On PostgreSQL both go in one statement."""
    inbound_id, replies = recorded
    postgres = session.get_bind().dialect.name == "postgresql"
    if seen.id is not None and replies is not None and postgres:
        if not one_write.move_recording(session, (seen.id, seen.version), values,
                                        inbound_id, replies):  # fmt: skip
            raise _Raced
        return
    if seen.id is None:
        row = {"channel": request.channel, "phone": request.phone, "version": 1, **values}
        if session.execute(_create_statement(session), row).first() is None:
            raise _Raced  # another message of the number created it first
    else:
        moved = {"b_id": seen.id, "b_version": seen.version, "version": seen.version + 1}
        if session.execute(_MOVE, moved | values).rowcount != 1:
            raise _Raced
    if replies is not None:
        session.execute(_REPLIES, {"b_id": inbound_id, **replies})


def _attempt(session: Session, request: InboundRequest, now: datetime) -> Outcome:
    """Decide from a snapshot, then write everything in one short transaction.

    A repeat is decided too (repeats are rare) but stops at the unique insert: it is
    never answered twice and changes nothing.
    """
    _begin_reads(session)
    values = settings.load_cached(session)
    whatsapp_off = request.channel == "whatsapp" and not values.channel_product_enabled
    seen = chat_snapshot.read(session, request.channel, request.phone)
    if seen.undecided and _may_defer(request):
        session.commit()
        return Outcome(defer=True)
    notices = [] if whatsapp_off else waiting_notices(session, request, seen.last_inbound_at, now)
    step = None
    if notices and answers_notice(
        seen.state, request.body[:MAX_BODY_CHARS], now.astimezone(LOCAL_TZ).date()
    ):
        step = Step(state=seen.state, replies=[whatsapp_notice.answer_text(notices)])
    elif not whatsapp_off:
        inbound = Inbound(
            text=request.body[:MAX_BODY_CHARS],
            channel=request.channel,  # type: ignore[arg-type]
            phone=request.phone,
            now=now,
            message_id=request.message_id,
            attachment=request.attachment,
            photo=request.photo,
            tap=request.tap,
        )
        known = (request.phone, seen.units), (request.phone, seen.guesses)
        view = DbBotView(session, values, now, *known)
        step = handle(seen.state, inbound, view)
    protocols = [] if step is None else protocols_ahead(session, step.effects, now)
    session.commit()  # end the read transaction before writing (SQLite WAL snapshots)
    via = "twiml" if step is None else _reply_via(request, step, values)
    if step is not None and _writes_alone(session, request, step, notices, seen, now):
        return _write_once(session, request, now, step, via, seen)
    inbound_id = _record(session, request, now, step, via)
    if inbound_id is None:
        return Outcome(duplicate=True)
    if step is None:  # the WhatsApp webhook sends nothing while Channel is off
        session.commit()
        return Outcome()
    context = EffectContext(request.channel, request.phone, inbound_id, now,
                            simulated_by=request.simulated_by, protocols=protocols)  # fmt: skip
    delivery_ids = apply_effects(session, context, step.effects)
    if notices:
        delivery_ids += whatsapp_notice.release(session, request.phone)
    staff_ids = held_staff_texts(session, request, seen.last_inbound_at, now)
    replies = step.replies + context.replies
    if request.deferred_id is not None:
        replies = _joined(replies)  # one REST message where they fit
    rest, final = _final_via(request, via, replies)
    hold = rest and request.deferred_id is not None
    entries, recorded = None, None
    if hold or context.replies or final != via or len(replies) != len(step.replies):
        # The row keeps every reply: the staff's transcript, and the REST outbox (recorded
        # with the message when the effects added none and nothing was joined: no second
        # statement then). A deferred message's decider takes the lease here, and sends.
        entries = _entries(request, step, replies)
        held = {"send_lease_until": now + LEASE} if hold else {}
        recorded = {"replies": entries, "reply_via": final} | held
    changes = {"data": step.state, "last_inbound_at": now, "updated_at": now}
    state = {**changes, **context.conversation_changes}
    _save_state(session, request, seen, state, (inbound_id, recorded))
    session.commit()
    return Outcome(
        [] if rest else replies,
        delivery_ids,
        staff_message_ids=staff_ids,
        photo_ids=context.photo_ids,
        rest_reply_id=inbound_id if rest else None,
        held_replies=entries if hold else None,  # set whenever hold
    )


def _writes_alone(
    session: Session,
    request: InboundRequest,
    step: Step,
    notices: list[Any],
    seen: Snapshot,
    now: datetime,
) -> bool:
    """True when the message writes only its row and its conversation (no effects, no
    notice or staff text to release, not a deferred row), on PostgreSQL: one statement
    (services.chat.one_write)."""
    held_texts = request.channel == "whatsapp" and whatsapp_notice.may_answer(
        seen.last_inbound_at, now
    )
    return (
        session.get_bind().dialect.name == "postgresql"
        and request.deferred_id is None
        and not (step.effects or notices or held_texts)
    )


def _write_once(
    session: Session, request: InboundRequest, now: datetime, step: Step, via: str, seen: Snapshot
) -> Outcome:
    """Record the message and move its conversation in one statement (one_write)."""
    rest, final = _final_via(request, via, step.replies)
    conversation = (seen.id, seen.version)
    try:
        inbound_id = one_write.write(session, _row(request, now, step, final), conversation,
                                     (request.channel, request.phone), step.state, now)  # fmt: skip
    except one_write.Moved:
        raise _Raced from None
    if inbound_id is None:
        return Outcome(duplicate=True)
    return Outcome([] if rest else step.replies, rest_reply_id=inbound_id if rest else None)


def _final_via(request: InboundRequest, via: str, replies: list[Any]) -> tuple[bool, str]:
    """Whether the replies go through REST, and the row's reply_via once recorded: "rest"
    while REST replies wait, "sent" when a REST-answered message has none, else "twiml"."""
    rest = via == REST and bool(replies)
    return rest, REST if rest else ("sent" if request.reply_via == REST else "twiml")


def _joined(replies: list[Any]) -> list[Any]:
    """A deferred message's replies as one REST message when all are text and fit in
    ONE_MESSAGE_CHARS: in a storm, half the REST calls for an outage report (its answer and
    its protocol), and parts that cannot arrive out of order."""
    if len(replies) < 2 or not all(isinstance(reply, str) for reply in replies):
        return replies
    text = "\n\n".join(replies)
    return [text] if len(text) <= ONE_MESSAGE_CHARS else replies


def _may_defer(request: InboundRequest) -> bool:
    """A fresh message without media may wait behind its number's undecided ones (a photo or
    a location is decided at once: its attachment is not kept for a later decision)."""
    return request.deferred_id is None and request.attachment is None and request.photo is None


def _reply_via(request: InboundRequest, step: Step, values: Any) -> str:
    """How this message's replies go out: "twiml" in the webhook's answer, or "rest" through
    the REST API (asked by the request: a photo's reading, a deferred message; or a WhatsApp
    reply with tappable options, which TwiML cannot carry)."""
    if step.choices and request.rich and request.channel == "whatsapp":
        return REST
    return request.reply_via


def _entries(request: InboundRequest, step: Step, replies: list[str]) -> list[Any]:
    """The replies as recorded: on WhatsApp, those with options carry them (the bot's
    replies come first, so the indexes hold with the effects' replies after them). A
    deferred message's replies go as numbered text: it was decided in a storm, when a list's
    Content API look-up and call per reply would slow every other answer (the simulator
    still gets its options: it draws them from the record)."""
    deferred = request.deferred_id is not None and request.simulated_by is None
    if not step.choices or request.channel != "whatsapp" or deferred:
        return replies
    return with_choices(replies, [(i, choice.to_json()) for i, choice in step.choices])


def handle_inbound(session: Session, request: InboundRequest, now: datetime) -> Outcome:
    """Record, decide, apply and commit; returns the replies and the deliveries to enqueue."""
    for _ in range(ATTEMPTS):
        try:
            outcome = _attempt(session, request, now)
        except _Raced:
            session.rollback()
            continue
        if outcome.duplicate:
            log.info("inbound %s message repeated; ignored", request.channel)
        return outcome
    raise RuntimeError("conversation kept changing under this message; Twilio will retry")


def load_understanding() -> None:
    """Load the intent model at start-up, so the first consumer does not wait for it (and
    gunicorn's pre-forked workers share it)."""
    warm_up()
