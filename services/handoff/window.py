"""WhatsApp's 24-hour window for staff messages: free-form only while the consumer wrote in
the last 24 hours. Outside it a staff text is held, the hand-off template goes instead
("we have an answer, reply to see it"), and the consumer's next message releases what is
held, which then goes free-form.

The hold is decided against the conversation's version, and moving that version is part of
the hold (one transaction). A consumer message that arrives meanwhile is either seen by the
decision (the window is open: nothing is held) or, since its own state update now misses
the version it read, decided again, finding the text held and releasing it. So a held text
is never left behind a message that had already come, and a release happens once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from channels.registry import uses_outbox
from channels.twilio_messaging import WHATSAPP_WINDOW
from models import Conversation, DeliveryMedium, Handoff, HandoffMessage
from services.core.runtime import Runtime

log = logging.getLogger(__name__)
TEMPLATE_TEXT = (
    "Modelo de atendimento: temos uma resposta para o seu atendimento (protocolo {protocol}). "
    "Responda esta mensagem para vê-la."
)
OUTSTANDING = ("queued", "sending", "sent", "delivered", "read")


@dataclass(frozen=True)
class Window:
    """The conversation as read for the decision: its id and version (None: no row) and
    whether free-form messages may go now."""

    conversation_id: int | None
    version: int
    last_inbound_at: datetime | None
    open: bool


def window(session: Session, phone: str, now: datetime) -> Window:
    """The WhatsApp conversation of `phone` and whether it is inside the 24-hour window."""
    row = session.execute(
        select(Conversation.id, Conversation.version, Conversation.last_inbound_at).where(
            Conversation.channel == "whatsapp", Conversation.phone == phone
        )
    ).one_or_none()
    if row is None:
        return Window(None, 0, None, False)
    last = row.last_inbound_at
    return Window(row.id, row.version, last, last is not None and now - last < WHATSAPP_WINDOW)


def applies(runtime: Runtime, handoff: Handoff, requested_by: str | None) -> bool:
    """True when the window matters: WhatsApp through Twilio (SMS and the outbox have none)."""
    if handoff.channel != DeliveryMedium.WHATSAPP.value:
        return False
    return not uses_outbox(DeliveryMedium.WHATSAPP, runtime.config, requested_by)


def hold(session: Session, message: HandoffMessage, seen: Window, now: datetime) -> bool:
    """Hold the claimed text and move the conversation's version, if it is still the one
    `seen`; False when it moved (the caller rolls back and decides again)."""
    if seen.conversation_id is not None:
        moved = session.execute(
            update(Conversation)
            .where(Conversation.id == seen.conversation_id, Conversation.version == seen.version)
            .values(version=seen.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if moved != 1:
            return False
    session.execute(
        update(HandoffMessage)
        .where(HandoffMessage.id == message.id, HandoffMessage.status == "sending")
        .values(status="held", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return True


def template_needed(session: Session, handoff: Handoff, seen: Window) -> bool:
    """False while a template of this hand-off, sent since the consumer last wrote, still
    waits for the answer (another staff text joins the held ones instead)."""
    query = select(HandoffMessage.id).where(
        HandoffMessage.handoff_id == handoff.id,
        HandoffMessage.kind == "template",
        HandoffMessage.status.in_(OUTSTANDING),
    )
    if seen.last_inbound_at is not None:
        query = query.where(HandoffMessage.created_at > seen.last_inbound_at)
    return session.scalar(query.limit(1)) is None


def template_message(handoff: Handoff, login: str, now: datetime) -> HandoffMessage:
    """The hand-off template's row, claimed for sending by the job that adds it."""
    return HandoffMessage(
        handoff_id=handoff.id,
        author=login,
        kind="template",
        body=TEMPLATE_TEXT.format(protocol=handoff.protocol or "-"),
        status="sending",
        attempts=1,
        created_at=now,
        updated_at=now,
    )


def release(session: Session, phone: str, now: datetime) -> list[int]:
    """The number wrote on WhatsApp: its held staff texts go back to the queue, oldest
    first (the caller commits, then enqueues the ids)."""
    mine = select(Handoff.id).where(Handoff.channel == "whatsapp", Handoff.phone == phone)
    released = session.execute(
        update(HandoffMessage)
        .where(HandoffMessage.status == "held", HandoffMessage.handoff_id.in_(mine))
        .values(status="queued", updated_at=now)
        .returning(HandoffMessage.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    ids = sorted(released)
    if ids:
        log.info("%d held staff message(s) released by the consumer's answer", len(ids))
    return ids


def open_for(session: Session, runtime: Runtime, handoff: Handoff, now: datetime) -> bool:
    """True when a free-form message may go to the hand-off's consumer now (SMS, the
    outbox, or WhatsApp inside the window): what the survey and the page's hint need."""
    if not applies(runtime, handoff, None):
        return True
    return window(session, handoff.phone, now).open
