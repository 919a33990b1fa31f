"""Payment confirmations: when `payment_confirmation_enabled`, each invoice the bank reports
paid gets a WhatsApp message to the UC's enrolled WhatsApp numbers (once per invoice and
number, whatever re-imports happen)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import DeliveryMedium, Enrollment, EnrollmentMedium, Invoice, Unit
from services import settings
from services.core import formats
from services.core.batches import chunks
from services.delivery import deliveries

CHUNK = 1000


def confirm_payments(session: Session, invoice_ids: Iterable[int]) -> list[int]:
    """Create the confirmation messages of these paid invoices; returns ids to enqueue.
    One query per chunk of 1,000 invoices finds those with a WhatsApp enrolment (a bank's
    return may pay 100,000 invoices, few of them enrolled)."""
    values = settings.load(session)
    if not (values.payment_confirmation_enabled and values.channel_product_enabled):
        return []
    created = []
    for chunk in chunks(invoice_ids, CHUNK):
        rows = session.execute(
            select(Invoice.id, Invoice.unit_id, Invoice.reference, Invoice.paid_amount,
                   Invoice.paid_at, Unit.uc, Enrollment.destination)
            .join(Unit, Unit.id == Invoice.unit_id)
            .join(Enrollment, Enrollment.unit_id == Invoice.unit_id)
            .where(Invoice.id.in_(chunk), Enrollment.medium == EnrollmentMedium.WHATSAPP)
            .order_by(Invoice.id, Enrollment.id)
        ).all()  # fmt: skip
        for row in rows:
            delivery, new = deliveries.create_text(
                session,
                medium=DeliveryMedium.WHATSAPP,
                destination=row.destination,
                text=_text(row),
                dedupe_key=f"paid:{row.id}:{row.destination}",
                unit_id=row.unit_id,
                requested_by="return-file",
            )
            if new:
                created.append(delivery.id)
    return created


def _text(row: Any) -> str:
    """The confirmation: which invoice, how much, when."""
    return (
        f"Recebemos o pagamento da fatura {formats.reference(row.reference)} da UC {row.uc} "
        f"({formats.brl(row.paid_amount)}), pago em {formats.day(row.paid_at)}. Obrigado!"
    )
