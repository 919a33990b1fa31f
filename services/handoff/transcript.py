"""A number's conversation as staff read it: the consumer's messages (stored redacted), the
bot's replies, the staff's messages with their delivery status, and what happened to the
hand-offs (opened, taken, given back with MENU, closed, rated), interleaved by time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from models import Delivery, Handoff, HandoffMessage, InboundMessage
from services.core.reply_entries import text_of
from services.handoff.effects import RETURNED

LIMIT = 60  # consumer messages shown, newest last
ORDER = {"consumer": 0, "bot": 1, "event": 2, "staff": 3}
# A staff copy's delivery status, as a staff message's status.
DOCUMENT = {"pending": "queued", "held": "held", "sending": "sending", "sent": "sent",
            "delivered": "delivered", "read": "read"}  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One line of the transcript; `key` is stable, so a page can add only what is new."""

    key: str
    side: str  # consumer | bot | staff | event
    at: datetime
    text: str
    author: str = ""
    kind: str = ""  # staff: text | template | document | survey
    status: str = ""  # staff: held | queued | sending | sent | delivered | read | failed
    error: str = ""
    simulated_by: str = ""

    @property
    def order(self) -> tuple[datetime, int]:
        """Sort key: time, then consumer before the bot's replies, events and staff."""
        return self.at, ORDER[self.side]


def _consumer(rows: list[InboundMessage]) -> list[Line]:
    """The consumer's messages and, right after each, what the bot answered."""
    lines = []
    for row in rows:
        lines.append(Line(f"in-{row.id}", "consumer", row.received_at, row.body,
                          simulated_by=row.simulated_by or ""))  # fmt: skip
        lines += [
            Line(f"bot-{row.id}-{n}", "bot", row.received_at, text_of(reply))
            for n, reply in enumerate(row.replies or [])
        ]
    return lines


def _staff(session: Session, query: Select) -> list[Line]:
    """Staff messages; a document shows its delivery's status and reason."""
    lines = []
    for message, delivered, reason in session.execute(query):
        status, error = message.status, message.error or ""
        if message.kind == "document" and delivered is not None:
            status = DOCUMENT.get(delivered.value, "failed")
            error = (reason or "") if status == "failed" else ""
        lines.append(Line(f"staff-{message.id}", "staff", message.created_at, message.body,
                          message.author, message.kind, status, error))  # fmt: skip
    return lines


def _events(handoff: Handoff) -> list[Line]:
    """What happened to one hand-off, each at its time."""
    key = f"ev-{handoff.id}"
    hours = "" if handoff.in_hours else " (fora do horário de atendimento)"
    lines = [Line(f"{key}-open", "event", handoff.created_at,
                  f"Pediu atendente{hours}. Protocolo {handoff.protocol or '—'}.")]  # fmt: skip
    if handoff.assigned_to and handoff.assigned_at:
        lines.append(Line(f"{key}-taken-{handoff.assigned_to}", "event", handoff.assigned_at,
                          f"Atendimento assumido por {handoff.assigned_to}."))  # fmt: skip
    if handoff.returned_at:
        lines.append(Line(f"{key}-back", "event", handoff.returned_at, RETURNED))
    elif handoff.handled_at:
        why = f": {handoff.close_reason}" if handoff.close_reason else "."
        lines.append(Line(f"{key}-closed", "event", handoff.handled_at,
                          f"Encerrado por {handoff.handled_by}{why}"))  # fmt: skip
    if handoff.rated_at and handoff.rating:
        comment = f" — {handoff.rating_comment}" if handoff.rating_comment else ""
        lines.append(Line(f"{key}-rated", "event", handoff.rated_at,
                          f"Avaliação do consumidor: {handoff.rating} de 5{comment}"))  # fmt: skip
    return lines


def transcript(session: Session, channel: str, phone: str, limit: int = LIMIT) -> list[Line]:
    """The number's last `limit` messages on `channel` and everything around them, by time."""
    inbound = session.scalars(
        select(InboundMessage)
        .where(
            InboundMessage.channel == channel,
            InboundMessage.from_number == phone,
            # Not a deferred message still undecided: it keeps its text unredacted until
            # then (services.chat.deferral).
            InboundMessage.reply_via != "deferred",
        )
        .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc())
        .limit(limit)
    ).all()
    since = inbound[-1].received_at if len(inbound) == limit else None
    mine = (Handoff.channel == channel, Handoff.phone == phone)
    staff = (
        select(HandoffMessage, Delivery.status, Delivery.reason)
        .join(Handoff, Handoff.id == HandoffMessage.handoff_id)
        .outerjoin(Delivery, Delivery.id == HandoffMessage.delivery_id)
        .where(*mine)
        .order_by(HandoffMessage.id)
    )
    handoffs = select(Handoff).where(*mine).order_by(Handoff.id)
    if since is not None:
        staff = staff.where(HandoffMessage.created_at >= since)
        handoffs = handoffs.where(or_(Handoff.created_at >= since, Handoff.handled_at.is_(None)))
    lines = _consumer(list(reversed(inbound))) + _staff(session, staff)
    for handoff in session.scalars(handoffs):
        lines += _events(handoff)
    return sorted(lines, key=lambda line: line.order)
