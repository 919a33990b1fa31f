"""What a delivery says on its medium, composed at send time from what is true then.

E-mail: the invoice e-mail (text and HTML, services/documents/invoice_email.py) with the PDF
attached and, for an enrolled address, the one-click cancel headers (RFC 8058). WhatsApp:
the PDF as media (a signed `/media` link) under a summary; a first copy is the notice of
`whatsapp_notice`. SMS: one segment, the summary and then a short expiring link (`/m/<code>`).
The outbox records what the provider would have got.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from email.utils import parseaddr

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.payment import PaymentCodes, PaymentRefusal
from billing.validation import mask_email
from bot.formatting import to_ascii
from channels.base import Document
from models import (
    Delivery,
    DeliveryKind,
    DeliveryMedium,
    Enrollment,
    EnrollmentMedium,
    Invoice,
    utcnow,
)
from services.collection.payment_view import payment_view
from services.core import formats
from services.core.clock import LOCAL_TZ
from services.core.runtime import Runtime
from services.delivery import whatsapp_notice
from services.documents import short_links
from services.documents.documents import ensure_document
from services.documents.invoice_email import Mail, Recipient, email_context, render_email
from services.documents.media_links import media_url
from services.people.email_cancel import cancel_url
from services.settings import Settings

log = logging.getLogger(__name__)
SMS_SEGMENT = 160  # GSM-7 characters in one SMS; the texts are ASCII
TITLES = {
    DeliveryKind.FIRST_COPY: "Fatura",
    DeliveryKind.SECOND_COPY: "2ª via da fatura",
    DeliveryKind.PAYMENT_SLIP: "Código de pagamento da fatura",
    DeliveryKind.AGREEMENT: "Acordo de parcelamento",
}


@dataclass(frozen=True)
class Message:
    """What to send: the text, the document when the medium carries one, and for e-mail a
    subject, the HTML part and extra header fields; `view`: the payment state it shows;
    `template_text`: the WhatsApp template's {{1}} when the notice must open with it."""

    text: str
    document: Document | None = None
    subject: str | None = None
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    view: PaymentCodes | PaymentRefusal | None = None
    template_text: str | None = None


def caption(kind: DeliveryKind, invoice: Invoice, sms: bool = False) -> str:
    """One line saying what the document is (ASCII on SMS)."""
    text = (
        f"{TITLES[kind]} {formats.reference(invoice.reference)} da UC {invoice.unit.uc}, "
        f"vencimento {formats.day(invoice.due_date)}, {formats.brl(invoice.amount)}."
    )
    return to_ascii(text) if sms else text


def sms_text(kind: DeliveryKind, invoice: Invoice, link: str, hours: int) -> str:
    """The summary, then the short link, in one segment: the summary shortens as the link
    (PUBLIC_BASE_URL) grows; past about 110 characters of link it takes two segments."""
    month, amount = formats.reference(invoice.reference), formats.brl(invoice.amount)
    head = caption(kind, invoice, sms=True)
    short = f"Fatura {month} UC {invoice.unit.uc} {amount} venc. {invoice.due_date:%d/%m}:"
    candidates = [
        f"{head} PDF: {link} (valido por {hours}h)",
        f"{head} PDF: {link}",
        to_ascii(f"{short} {link}"),
        to_ascii(f"Fatura {month} {amount}: {link}"),
    ]
    fitting = next((text for text in candidates if len(text) <= SMS_SEGMENT), None)
    if fitting is None:
        log.warning("an SMS link of %d characters takes a second segment", len(link))
    return fitting or candidates[-1]


def unsubscribe_headers(url: str | None, mail_from: str | None) -> dict[str, str]:
    """List-Unsubscribe (the https link, and a mailto: to MAIL_FROM when set) and RFC 8058's
    List-Unsubscribe-Post; none for an address with no enrolment to cancel."""
    if url is None:
        return {}
    targets = [f"<{url}>"]
    address = parseaddr(mail_from or "")[1]
    if "@" in address:
        targets.append(f"<mailto:{address}?subject=cancelar%20fatura%20digital>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def email_enrollment(session: Session, invoice: Invoice, address: str) -> Enrollment | None:
    """The e-mail enrolment of this address for the invoice's UC, if there is one."""
    return session.scalar(
        select(Enrollment).where(
            Enrollment.unit_id == invoice.unit_id,
            Enrollment.medium == EnrollmentMedium.EMAIL,
            Enrollment.destination == address,
        )
    )


def compose(session: Session, runtime: Runtime, delivery: Delivery, values: Settings) -> Message:
    """The delivery as its medium takes it."""
    if delivery.kind is DeliveryKind.TEXT:
        return Message(delivery.body or "")
    assert delivery.invoice_id is not None
    invoice = session.get(Invoice, delivery.invoice_id)
    assert invoice is not None
    now, config = utcnow(), runtime.config
    if delivery.medium is DeliveryMedium.SMS:
        code = short_links.create(session, invoice.id, delivery.kind, now, config.media_link_hours)
        session.commit()
        link = f"{config.public_base_url}/m/{code}"
        return Message(sms_text(delivery.kind, invoice, link, config.media_link_hours))
    pdf = ensure_document(session, invoice.id, delivery.kind, runtime.storage, now, values)
    url = media_url(config.public_base_url, config.secret_key, invoice.id, delivery.kind)
    document = Document(filename=pdf.filename, content=pdf.content, media_url=url)
    view = payment_view(invoice, values, now.astimezone(LOCAL_TZ).date())
    if delivery.medium is DeliveryMedium.EMAIL:
        return _email(session, runtime, delivery, invoice, values, document, view)
    if delivery.kind is DeliveryKind.FIRST_COPY:
        text = whatsapp_notice.notice_text(invoice, view, values, template=False)
        opening = whatsapp_notice.notice_text(invoice, view, values, template=True)
        return Message(text, document, view=view, template_text=opening)
    return Message(caption(delivery.kind, invoice), document, view=view)


def _email(
    session: Session,
    runtime: Runtime,
    delivery: Delivery,
    invoice: Invoice,
    values: Settings,
    document: Document,
    view: PaymentCodes | PaymentRefusal,
) -> Message:
    """The invoice e-mail, with the cancel link and headers when the address is enrolled."""
    config = runtime.config
    enrollment = email_enrollment(session, invoice, delivery.destination)
    url = enrollment and cancel_url(config.public_base_url, config.secret_key, enrollment)
    recipient = Recipient(mask_email(delivery.destination), url or None)
    context = email_context(
        session, invoice, delivery.kind, values, view, recipient, config.twilio_whatsapp_from
    )
    mail = render_email(context)
    headers = unsubscribe_headers(url or None, config.mail_from)
    return Message(mail.text, document, mail.subject, mail.html, headers, view)


def email_preview(
    session: Session, runtime: Runtime, invoice: Invoice, values: Settings
) -> Message:
    """The invoice's e-mail (first copy) as its UC's first enrolled address would get it now,
    for staff; its cancel link is an example that cancels nothing, and no PDF is rendered."""
    config = runtime.config
    address = session.scalar(
        select(Enrollment.destination)
        .where(Enrollment.unit_id == invoice.unit_id, Enrollment.medium == EnrollmentMedium.EMAIL)
        .order_by(Enrollment.id)
    )
    example = f"{config.public_base_url}/cancelar/exemplo-nao-cancela-nada"
    recipient = Recipient(mask_email(address) if address else "(nenhum e-mail cadastrado)", example)
    view = payment_view(invoice, values, utcnow().astimezone(LOCAL_TZ).date())
    kind, whatsapp = DeliveryKind.FIRST_COPY, config.twilio_whatsapp_from
    context = email_context(session, invoice, kind, values, view, recipient, whatsapp)
    mail: Mail = render_email(context)
    headers = unsubscribe_headers(example, config.mail_from)
    return Message(mail.text, None, mail.subject, mail.html, headers, view)
