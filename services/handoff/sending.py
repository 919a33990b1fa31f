"""Sending one staff message of a hand-off through the consumer's channel: the work of the
job `workers.jobs.send_handoff_messages`, one message id at a time.

The job claims the message (services/handoff/outgoing.py), checks again what may have
changed (SAIR, Channel switched off) and sends it: a text or the survey free-form on SMS,
through the outbox, or on WhatsApp inside the 24-hour window; outside it a text is held and
the hand-off template goes instead (services/handoff/window.py). Nothing is held open during
the provider's call, and an error before it puts the message back in the queue; after it,
nothing is ever sent again blindly.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from channels.base import Channel, ChannelError, SendResult
from channels.registry import SIMULATED, channel_for
from channels.twilio_messaging import TEMPLATE_REQUIRED
from models import Conversation, DeliveryMedium, Handoff, HandoffMessage, InboundMessage, utcnow
from services import settings
from services.core import failpoints
from services.core.runtime import Runtime
from services.handoff import outgoing, window

log = logging.getLogger(__name__)
TRIES = 5
NO_TEXT = "o texto não está mais disponível para envio"


def requested_by(session: Session, handoff: Handoff) -> str | None:
    """The requester of a hand-off from the chat simulator ("simulador:<login>": its messages
    go to the outbox, never to a real number), else None."""
    if handoff.inbound_message_id is None:
        return None
    who = session.scalar(
        select(InboundMessage.simulated_by).where(InboundMessage.id == handoff.inbound_message_id)
    )
    return f"{SIMULATED}{who}"[:60] if who else None


def _refusal(session: Session, handoff: Handoff) -> str | None:
    """Why nothing may go to this consumer now (SAIR, Channel off), or None."""
    if handoff.channel == "whatsapp" and not settings.load(session).channel_product_enabled:
        return "produto Channel (WhatsApp) desativado"
    opted_out = session.scalar(
        select(Conversation.opted_out_at).where(
            Conversation.channel == handoff.channel, Conversation.phone == handoff.phone
        )
    )
    return None if opted_out is None else "o consumidor pediu para não receber mensagens (SAIR)"


def send(session: Session, runtime: Runtime, message_id: int, now: datetime | None = None) -> None:
    """Claim and send one staff message (see the module's docstring); transient provider
    errors propagate so the queue retries."""
    now = now or utcnow()
    message = outgoing.claim(session, message_id, now)
    if message is None:
        return
    try:
        handoff = message.handoff
        via = requested_by(session, handoff)
        reason = _refusal(session, handoff)
        if reason is not None:
            outgoing.failed(session, message, reason, now)
            return
        channel = channel_for(DeliveryMedium(handoff.channel), runtime.config, runtime.db, via)
        windowed = message.kind == "text" and window.applies(runtime, handoff, via)
        if windowed and _held(session, channel, message, handoff, now):
            return
        session.commit()  # nothing open while the provider is called
    except Exception:
        outgoing.requeue(session, message_id, now)
        raise
    _deliver(session, channel, message, handoff, now, windowed)


def _held(
    session: Session,
    channel: Channel,
    message: HandoffMessage,
    handoff: Handoff,
    now: datetime,
    *,
    refused: bool = False,
) -> bool:
    """Outside the window (or when Twilio `refused` free-form): hold the text, and send the
    template unless one already waits for the answer. False: the window is open."""
    for attempt in range(TRIES):
        seen = window.window(session, handoff.phone, now)
        if seen.open and not (refused and attempt == 0):
            session.rollback()
            return False
        if window.hold(session, message, seen, now):
            break
        session.rollback()  # the consumer wrote (or the state moved): look again
    else:
        raise RuntimeError("the conversation kept moving while a staff text was held")
    template = None
    if window.template_needed(session, handoff, seen):
        template = window.template_message(handoff, message.author, now)
        session.add(template)
    session.commit()
    log.info("staff message %d held until the consumer answers", message.id)
    if template is not None:
        _send_template(session, channel, template, handoff, now)
    return True


def _send_template(
    session: Session, channel: Channel, template: HandoffMessage, handoff: Handoff, now: datetime
) -> None:
    """The hand-off template ({{1}}: the protocol); a failure leaves the text held, to go
    when the consumer next writes."""
    send_template = getattr(channel, "send_template", None)
    try:
        if send_template is None:
            raise ChannelError("canal sem modelo para fora da janela de 24 horas", transient=False)
        result = send_template(handoff.phone, handoff.protocol or "-", handoff=True)
    except ChannelError as exc:
        outgoing.failed(session, template, str(exc), now)
        return
    outgoing.sent(session, template, result.provider_id, now)


def _free_form(channel: Channel, phone: str, body: str) -> SendResult:
    """A plain message that never turns into a template (Twilio's WhatsApp adapter)."""
    free_form = getattr(channel, "send_free_form", None)
    return free_form(phone, body) if free_form is not None else channel.send_text(phone, body)


def _deliver(
    session: Session,
    channel: Channel,
    message: HandoffMessage,
    handoff: Handoff,
    now: datetime,
    windowed: bool,
) -> None:
    """Send the text (or survey) free-form and record the answer; a WhatsApp text Twilio
    refuses as outside the window (63016) is held after all."""
    body = message.pending_body if message.kind == "text" else message.body
    if not body:
        outgoing.failed(session, message, NO_TEXT, now)
        return
    try:
        failpoints.hit("before_handoff_provider_call")
        result = _free_form(channel, handoff.phone, body)
    except ChannelError as exc:
        if windowed and exc.code == TEMPLATE_REQUIRED:
            if _held(session, channel, message, handoff, utcnow(), refused=True):
                return
            _deliver(session, channel, message, handoff, now, windowed=False)
            return
        outgoing.channel_error(session, message, exc, now)
        return
    outgoing.sent(session, message, result.provider_id, now)
