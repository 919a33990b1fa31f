"""What staff send the consumer of a hand-off: a text, a document (a staff copy of one of
the consumer's invoices) and, on closing, the survey. Only the staff member who has the
hand-off may send (services/handoff/assignment.py). The transcript keeps the text redacted;
the full text is kept only until it has gone. Every message is audited with the login, and
the first answer steps the bot aside."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import DeliveryKind, Handoff, HandoffMessage, Invoice
from services.core import formats
from services.core.logging_setup import redact
from services.delivery import staff_copies
from services.handoff import audit
from services.handoff.assignment import Refused, answering
from services.handoff.conversation_state import step_aside
from services.settings import Settings

log = logging.getLogger(__name__)
MAX_CHARS = 1000
LABELS = {DeliveryKind.SECOND_COPY: "2ª via", DeliveryKind.PAYMENT_SLIP: "Código de pagamento"}


def _answer(session: Session, handoff: Handoff, login: str, now: datetime) -> None:
    """Check that `login` may answer; on the first answer the bot steps aside."""
    if answering(session, handoff, login, now):
        step_aside(session, handoff.channel, handoff.phone)
        log.info("first staff answer to hand-off %s", handoff.protocol)


def reply(
    session: Session, handoff: Handoff, login: str, text: str, now: datetime
) -> HandoffMessage:
    """Queue a staff text (the caller commits, then enqueues its id); Refused when it is
    empty, too long, or `login` does not have the open hand-off."""
    text = text.strip()
    if not text:
        raise Refused("escreva a mensagem")
    if len(text) > MAX_CHARS:
        raise Refused(f"a mensagem passa de {MAX_CHARS} caracteres")
    _answer(session, handoff, login, now)
    message = HandoffMessage(
        handoff_id=handoff.id,
        author=login,
        kind="text",
        body=redact(text),
        pending_body=text,
        status="queued",
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    session.flush()
    audit.record(session, login, "handoff.reply", handoff, message_id=message.id, chars=len(text))
    return message


def attach(
    session: Session,
    handoff: Handoff,
    login: str,
    copy: staff_copies.CopyRequest,
    values: Settings,
    now: datetime,
) -> tuple[HandoffMessage | None, list[int]]:
    """Send a staff copy of one of the consumer's invoices to this chat, through the
    staff-copy path (the caller checked the invoice is the consumer's); the transcript's
    message (None when this request was sent already) and the deliveries to enqueue."""
    invoice = session.get(Invoice, copy.invoice_id)
    if invoice is None or copy.kind not in LABELS:
        raise Refused("fatura não encontrada")
    _answer(session, handoff, login, now)
    try:
        ids = staff_copies.send(session, invoice, copy, values, now)
    except staff_copies.CopyRefused as exc:
        raise Refused(str(exc)) from None
    known = select(HandoffMessage.id).where(HandoffMessage.delivery_id == ids[-1])
    if session.scalar(known) is not None:
        return None, ids
    label = f"{LABELS[copy.kind]} {formats.reference(invoice.reference)} da UC {invoice.unit.uc}"
    message = HandoffMessage(
        handoff_id=handoff.id,
        author=login,
        kind="document",
        body=label,
        status="queued",
        delivery_id=ids[-1],
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    session.flush()
    audit.record(session, login, "handoff.attach", handoff, message_id=message.id,
                 invoice_id=invoice.id, kind=copy.kind.value)  # fmt: skip
    return message, ids
