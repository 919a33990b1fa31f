"""Sending one claimed delivery: the text, or the document in the form its medium takes.

WhatsApp gets the PDF as media (a signed `/media` link), e-mail gets it attached, SMS gets
a short expiring link (`/m/<code>`), the outbox records the PDF itself.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from channels.base import Channel, Document, SendResult
from models import Delivery, DeliveryKind, DeliveryMedium, Invoice, utcnow
from services import formats, short_links
from services.documents import ensure_document
from services.media import media_url
from services.runtime import Runtime

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
    return text.replace("ª", "a").replace("ó", "o").replace("ç", "c") if sms else text


def send(session: Session, runtime: Runtime, channel: Channel, delivery: Delivery) -> SendResult:
    """Send the delivery through `channel`."""
    if delivery.kind is DeliveryKind.TEXT:
        return channel.send_text(delivery.destination, delivery.body or "")
    assert delivery.invoice_id is not None
    invoice = session.get(Invoice, delivery.invoice_id)
    assert invoice is not None
    now = utcnow()
    config = runtime.config
    if delivery.medium is DeliveryMedium.SMS:
        code = short_links.create(session, invoice.id, delivery.kind, now, config.media_link_hours)
        session.commit()
        link = f"{config.public_base_url}/m/{code}"
        text = (
            f"{caption(delivery.kind, invoice, sms=True)} PDF: {link} (valido por "
            f"{config.media_link_hours}h)"
        )
        return channel.send_text(delivery.destination, text)
    document = ensure_document(session, invoice.id, delivery.kind, runtime.storage, now)
    url = media_url(config.public_base_url, config.secret_key, invoice.id, delivery.kind)
    return channel.send_document(
        delivery.destination,
        caption(delivery.kind, invoice),
        Document(filename=document.filename, content=document.content, media_url=url),
        subject=f"{TITLES[delivery.kind]} {formats.reference(invoice.reference)} - UC "
        f"{invoice.unit.uc}",
    )
