"""Sending one claimed delivery through its channel, and recording what the provider said.

What is sent is composed at send time (services/delivery/compose.py). A WhatsApp first copy
is the invoice notice (whatsapp_notice.py): outside the 24-hour window its template goes
first and the rest waits for the consumer; inside it, the summary and PDF go free-form and
the code messages that follow are returned, to be sent next, in order; so is the code
message of a failed-debit notice (debit_notices.after_send).
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from channels.base import Channel, ChannelError, SendResult
from channels.registry import channel_for
from channels.twilio_messaging import TEMPLATE_REQUIRED
from models import Delivery, Invoice
from services import settings
from services.core import failpoints
from services.core.runtime import Runtime
from services.delivery import debit_notices, deliveries, whatsapp_notice
from services.delivery.compose import Message, compose
from services.delivery.send_checks import skip_reason
from services.settings import Settings

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6  # claims of one delivery before a transient error counts as failure
PROVIDER_CALL = "provider_call"  # event committed just before the provider is called


def send(channel: Channel, destination: str, message: Message) -> SendResult:
    """Send the composed message through `channel`."""
    if message.document is None:
        return channel.send_text(destination, message.text, subject=message.subject)
    return channel.send_document(
        destination,
        message.text,
        message.document,
        subject=message.subject,
        html=message.html,
        headers=message.headers,
    )


def send_as_template(channel: Channel, destination: str, message: Message) -> SendResult:
    """WhatsApp's approved template, for business-initiated sends outside the window."""
    send_template = getattr(channel, "send_template", None)
    if send_template is None:
        raise ChannelError(
            "canal sem template para fora da janela de 24 h",
            code=TEMPLATE_REQUIRED,
            transient=False,
        )
    return send_template(destination, message.template_text or message.text, message.document)


def deliver(session: Session, runtime: Runtime, delivery_id: int) -> list[int]:
    """Claim, re-check, send and record one delivery; returns what must follow it, in order
    (the codes after a WhatsApp notice). Transient errors propagate for a retry."""
    delivery = deliveries.claim(session, delivery_id)
    if delivery is None:
        log.info("delivery %d is not pending; nothing to do", delivery_id)
        return []
    values = settings.load(session)  # once: for the checks and for the document
    reason = skip_reason(session, values, delivery)
    if reason is not None:
        debit_notices.after_send(session, delivery, sent=False)
        deliveries.mark_skipped(session, delivery, reason)
        return []
    try:
        channel = channel_for(delivery.medium, runtime.config, runtime.db, delivery.requested_by)
        template = whatsapp_notice.opens_with_template(channel, delivery)
        message = compose(session, runtime, delivery, values)
        failpoints.hit("before_provider_call")
        deliveries.record_event(session, delivery, PROVIDER_CALL)  # past this, never resend
        session.commit()
        result, template = _send(channel, delivery, message, template)
    except ChannelError as exc:
        _failed(session, delivery, exc)
        return []
    failpoints.hit("after_provider_call")
    follow = _after_notice(session, delivery, message, values, template)
    follow += debit_notices.after_send(session, delivery, sent=True)
    deliveries.mark_sent(session, delivery, result.provider_id)  # commits `follow` with it
    log.info("delivery %d sent through %s", delivery_id, channel.name)
    return follow


def _send(
    channel: Channel, delivery: Delivery, message: Message, template: bool
) -> tuple[SendResult, bool]:
    """Send (as the template when asked); after a 63016 (outside the WhatsApp window) try
    once more as the template, except the rest of a notice, which answers the consumer.
    Returns the provider's answer and whether the template went."""
    if template:
        return send_as_template(channel, delivery.destination, message), True
    try:
        return send(channel, delivery.destination, message), False
    except ChannelError as exc:
        if exc.code != TEMPLATE_REQUIRED or whatsapp_notice.is_rest(delivery):
            raise
        return send_as_template(channel, delivery.destination, message), True


def _after_notice(
    session: Session, delivery: Delivery, message: Message, values: Settings, template: bool
) -> list[int]:
    """A notice's next step: held rest after its template, else its code messages."""
    if not whatsapp_notice.is_notice(delivery) or message.view is None:
        return []
    if template:
        whatsapp_notice.hold_rest(session, delivery)
        return []
    invoice = session.get(Invoice, delivery.invoice_id)
    assert invoice is not None
    return whatsapp_notice.follow_ups(session, delivery, invoice, message.view, values)


def _failed(session: Session, delivery: Delivery, exc: ChannelError) -> None:
    """Permanent or exhausted: failed with the reason; transient: back to pending, re-raise."""
    if not exc.transient:
        debit_notices.after_send(session, delivery, sent=False)
        deliveries.mark_failed(session, delivery, str(exc), exc.code)
        return
    if delivery.attempts >= MAX_ATTEMPTS:
        debit_notices.after_send(session, delivery, sent=False)
        deliveries.mark_failed(session, delivery, f"tentativas esgotadas: {exc}", exc.code)
        return
    deliveries.release_for_retry(session, delivery, str(exc), exc.code)
    raise exc
