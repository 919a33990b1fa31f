"""A failed automatic debit is told to the consumer: the reason in plain words, then the
payment code alone in its own message (easy to copy), so they can pay by other means.

Where: the UC's enrolled WhatsApp numbers while Channel is on; otherwise SMS to the titular's
Brazilian mobile numbers on file. Once per request and destination, whatever re-imports happen.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.payment import PaymentRefusal
from models import DebitRequest, DeliveryMedium, Enrollment, EnrollmentMedium, Invoice
from services import settings
from services.collection.payment_view import payment_view
from services.core import formats
from services.delivery import deliveries
from services.settings import Settings

log = logging.getLogger(__name__)
MOBILE_PREFIX = "+55"


def _destinations(session: Session, invoice: Invoice, values: Settings) -> list[tuple]:
    """(medium, number) pairs this UC's consumer is reached on."""
    if values.channel_product_enabled:
        numbers = list(
            session.scalars(
                select(Enrollment.destination).where(
                    Enrollment.unit_id == invoice.unit_id,
                    Enrollment.medium == EnrollmentMedium.WHATSAPP,
                )
            )
        )
        if numbers:
            return [(DeliveryMedium.WHATSAPP, n) for n in numbers]
    phones = [p.phone for p in invoice.unit.consumer.phones]
    return [(DeliveryMedium.SMS, p) for p in phones if _mobile(p)]


def _mobile(phone: str) -> bool:
    """A Brazilian mobile in E.164 (+55 DD 9XXXXXXXX)."""
    return phone.startswith(MOBILE_PREFIX) and len(phone) == 14 and phone[5] == "9"


def notice_texts(request: DebitRequest, values: Settings, today: object) -> list[str]:
    """The messages: what happened and why, then the payment code (or how to get one)."""
    invoice = request.invoice
    month = formats.reference(invoice.reference)
    first = (
        f"Não conseguimos debitar a fatura {month} da UC {invoice.unit.uc} "
        f"({formats.brl(invoice.amount)}, vencimento {formats.day(invoice.due_date)}) "
        f"na sua conta: {request.reason}."
    )
    view = payment_view(invoice, values, today)  # type: ignore[arg-type]
    if isinstance(view, PaymentRefusal):
        return [first + " Para pagar, responda ATUALIZAR e enviamos um código novo."]
    return [
        first + " Para não ficar em atraso, pague com o código de barras abaixo "
        "(ou responda BARRA para receber o PIX).",
        view.digitable_line,
    ]


def notify_failed(session: Session, request_ids: Iterable[int], today: object) -> list[int]:
    """Create the failure notices (committed rows); returns delivery ids to enqueue."""
    values = settings.load(session)
    created: list[int] = []
    for request in session.scalars(select(DebitRequest).where(DebitRequest.id.in_(request_ids))):
        texts = notice_texts(request, values, today)
        targets = _destinations(session, request.invoice, values)
        if not targets:
            log.warning("failed debit of invoice %d: no number to tell", request.invoice_id)
        for medium, number in targets:
            for part, text in enumerate(texts, start=1):
                delivery, new = deliveries.create_text(
                    session,
                    medium=medium,
                    destination=number,
                    text=text,
                    dedupe_key=f"debit-failed:{request.id}:{number}:{part}",
                    unit_id=request.invoice.unit_id,
                    requested_by="debit-return",
                )
                if new:
                    created.append(delivery.id)
    return created
