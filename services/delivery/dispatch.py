"""Sending one claimed delivery: the text, or the document in the form its medium takes.

WhatsApp gets the PDF as media (a signed `/media` link), e-mail gets it attached, SMS gets
a short expiring link (`/m/<code>`), the outbox records the PDF itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.formatting import to_ascii
from channels.base import Channel, ChannelError, Document, SendResult
from channels.registry import channel_for
from channels.twilio_messaging import TEMPLATE_REQUIRED
from models import Delivery, DeliveryKind, DeliveryMedium, Invoice, utcnow
from services import settings
from services.core import failpoints, formats
from services.core.runtime import Runtime
from services.delivery import deliveries
from services.delivery.send_checks import skip_reason
from services.documents import short_links
from services.documents.documents import ensure_document
from services.documents.media_links import media_url
from services.settings import Settings

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6  # claims of one delivery before a transient error counts as failure
PROVIDER_CALL = "provider_call"  # event committed just before the provider is called

TITLES = {
    DeliveryKind.FIRST_COPY: "Fatura",
    DeliveryKind.SECOND_COPY: "2ª via da fatura",
    DeliveryKind.PAYMENT_SLIP: "Código de pagamento da fatura",
}


def caption(kind: DeliveryKind, invoice: Invoice, sms: bool = False) -> str:
    """One line saying what the document is (ASCII on SMS)."""
    text = (
        f"{TITLES[kind]} {formats.reference(invoice.reference)} da UC {invoice.unit.uc}, "
        f"vencimento {formats.day(invoice.due_date)}, {formats.brl(invoice.amount)}."
    )
    return to_ascii(text) if sms else text


@dataclass(frozen=True)
class Message:
    """What to send: the text, and the document when the medium carries one."""

    text: str
    document: Document | None = None
    subject: str | None = None


def compose(
    session: Session, runtime: Runtime, delivery: Delivery, values: Settings | None = None
) -> Message:
    """The delivery as its medium takes it (`values`: settings already loaded, if any)."""
    if delivery.kind is DeliveryKind.TEXT:
        return Message(delivery.body or "")
    assert delivery.invoice_id is not None
    invoice = session.get(Invoice, delivery.invoice_id)
    assert invoice is not None
    now = utcnow()
    config = runtime.config
    if delivery.medium is DeliveryMedium.SMS:
        code = short_links.create(session, invoice.id, delivery.kind, now, config.media_link_hours)
        session.commit()
        link = f"{config.public_base_url}/m/{code}"
        return Message(
            f"{caption(delivery.kind, invoice, sms=True)} PDF: {link} (valido por "
            f"{config.media_link_hours}h)"
        )
    document = ensure_document(session, invoice.id, delivery.kind, runtime.storage, now, values)
    url = media_url(config.public_base_url, config.secret_key, invoice.id, delivery.kind)
    return Message(
        caption(delivery.kind, invoice),
        Document(filename=document.filename, content=document.content, media_url=url),
        f"{TITLES[delivery.kind]} {formats.reference(invoice.reference)} - UC {invoice.unit.uc}",
    )


def send(channel: Channel, destination: str, message: Message) -> SendResult:
    """Send the composed message through `channel`."""
    if message.document is None:
        return channel.send_text(destination, message.text, subject=message.subject)
    return channel.send_document(
        destination, message.text, message.document, subject=message.subject
    )


def send_as_template(channel: Channel, destination: str, message: Message) -> SendResult:
    """The one retry after 63016: WhatsApp's approved template, for business-initiated sends."""
    send_template = getattr(channel, "send_template", None)
    if send_template is None:
        raise ChannelError(
            "canal sem template para fora da janela de 24 h",
            code=TEMPLATE_REQUIRED,
            transient=False,
        )
    return send_template(destination, message.text, message.document)


def deliver(session: Session, runtime: Runtime, delivery_id: int) -> None:
    """Claim, re-check, send and record one delivery; transient errors propagate for a retry."""
    delivery = deliveries.claim(session, delivery_id)
    if delivery is None:
        log.info("delivery %d is not pending; nothing to do", delivery_id)
        return
    values = settings.load(session)  # once: for the checks and for the document
    reason = skip_reason(session, values, delivery)
    if reason is not None:
        deliveries.mark_skipped(session, delivery, reason)
        return
    try:
        channel = channel_for(delivery.medium, runtime.config, runtime.db, delivery.requested_by)
        message = compose(session, runtime, delivery, values)
        failpoints.hit("before_provider_call")
        deliveries.record_event(session, delivery, PROVIDER_CALL)  # past this, never resend
        session.commit()
        result = _send_with_template_retry(channel, delivery.destination, message)
    except ChannelError as exc:
        _failed(session, delivery, exc)
        return
    failpoints.hit("after_provider_call")
    deliveries.mark_sent(session, delivery, result.provider_id)
    log.info("delivery %d sent through %s", delivery_id, channel.name)


def _send_with_template_retry(channel: Channel, destination: str, message: Message) -> SendResult:
    """Send; outside the WhatsApp window (63016) try once more as the approved template."""
    try:
        return send(channel, destination, message)
    except ChannelError as exc:
        if exc.code != TEMPLATE_REQUIRED:
            raise
        return send_as_template(channel, destination, message)


def _failed(session: Session, delivery: Delivery, exc: ChannelError) -> None:
    """Permanent or exhausted: failed with the reason; transient: back to pending, re-raise."""
    if not exc.transient:
        deliveries.mark_failed(session, delivery, str(exc), exc.code)
        return
    if delivery.attempts >= MAX_ATTEMPTS:
        deliveries.mark_failed(session, delivery, f"tentativas esgotadas: {exc}", exc.code)
        return
    deliveries.release_for_retry(session, delivery, str(exc), exc.code)
    raise exc
