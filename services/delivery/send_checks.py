"""Checks made again at send time: what was true when a delivery was queued may not be now."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Conversation,
    Delivery,
    DeliveryKind,
    DeliveryMedium,
    Enrollment,
    EnrollmentMedium,
    Invoice,
    InvoiceStatus,
)
from services.settings import Settings


def _opted_out(session: Session, delivery: Delivery) -> bool:
    """True when the number sent SAIR/PARAR/STOP on this channel and not VOLTAR since."""
    return (
        session.scalar(
            select(Conversation.opted_out_at).where(
                Conversation.channel == delivery.medium.value,
                Conversation.phone == delivery.destination,
            )
        )
        is not None
    )


def _still_enrolled(session: Session, delivery: Delivery, invoice: Invoice) -> bool:
    """True while the recipient of a first copy is still enrolled for the invoice's UC."""
    return (
        session.scalar(
            select(Enrollment.id).where(
                Enrollment.unit_id == invoice.unit_id,
                Enrollment.medium == EnrollmentMedium(delivery.medium.value),
                Enrollment.destination == delivery.destination,
            )
        )
        is not None
    )


def skip_reason(session: Session, settings: Settings, delivery: Delivery) -> str | None:
    """Why this delivery must not be sent now, or None to send it."""
    if delivery.medium is DeliveryMedium.WHATSAPP and not settings.channel_product_enabled:
        return "produto Channel (WhatsApp) desativado"
    if delivery.medium is not DeliveryMedium.EMAIL and _opted_out(session, delivery):
        return "destinatário pediu para não receber mensagens (SAIR)"
    if delivery.kind is not DeliveryKind.FIRST_COPY or delivery.invoice_id is None:
        return None
    invoice = session.get(Invoice, delivery.invoice_id)
    if invoice is None or invoice.status is InvoiceStatus.CANCELLED:
        return "fatura cancelada"
    if not _still_enrolled(session, delivery, invoice):
        return "adesão ao envio digital removida"
    return None
