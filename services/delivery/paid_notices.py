"""Payment confirmations: when `payment_confirmation_enabled`, each invoice the bank reports
paid gets a WhatsApp message to the UC's enrolled WhatsApp numbers (once per invoice and
number, whatever re-imports happen)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import DeliveryMedium, Enrollment, EnrollmentMedium, Invoice
from services import settings
from services.core import formats
from services.delivery import deliveries


def confirm_payments(session: Session, invoice_ids: Iterable[int]) -> list[int]:
    """Create the confirmation messages of these paid invoices; returns ids to enqueue."""
    values = settings.load(session)
    if not (values.payment_confirmation_enabled and values.channel_product_enabled):
        return []
    created = []
    for invoice in session.scalars(select(Invoice).where(Invoice.id.in_(list(invoice_ids)))):
        text = (
            f"Recebemos o pagamento da fatura {formats.reference(invoice.reference)} da UC "
            f"{invoice.unit.uc} ({formats.brl(invoice.paid_amount)}), pago em "
            f"{formats.day(invoice.paid_at)}. Obrigado!"
        )
        for number in session.scalars(
            select(Enrollment.destination).where(
                Enrollment.unit_id == invoice.unit_id,
                Enrollment.medium == EnrollmentMedium.WHATSAPP,
            )
        ):
            delivery, new = deliveries.create_text(
                session,
                medium=DeliveryMedium.WHATSAPP,
                destination=number,
                text=text,
                dedupe_key=f"paid:{invoice.id}:{number}",
                unit_id=invoice.unit_id,
                requested_by="return-file",
            )
            if new:
                created.append(delivery.id)
    return created
