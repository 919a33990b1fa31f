"""A 2ª via or a payment slip sent by staff on a consumer's behalf (admin "2ª via" screen).

The confirmation form carries a random `request_id`; it is part of every dedupe key, so a
double-clicked or re-posted confirmation sends nothing twice. Barra by SMS is two messages,
like the chat: the linha digitável alone (easy to copy) and then the slip's short link.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from billing.payment import PaymentCodes, PaymentRefusal
from billing.validation import InvalidValue, mask_destination, normalise_contact
from models import AuditLog, DeliveryKind, DeliveryMedium, Invoice
from services.collection.payment_view import payment_view
from services.core.clock import LOCAL_TZ
from services.delivery import deliveries
from services.settings import Settings

log = logging.getLogger(__name__)

# What each button of the ERP's screen offers: 2ª via → e-mail/WhatsApp; Barra → e-mail/SMS/WA.
MEDIA = {
    DeliveryKind.SECOND_COPY: (DeliveryMedium.EMAIL, DeliveryMedium.WHATSAPP),
    DeliveryKind.PAYMENT_SLIP: (DeliveryMedium.EMAIL, DeliveryMedium.SMS, DeliveryMedium.WHATSAPP),
}


class CopyRefused(ValueError):
    """The copy cannot be sent; the message says why, in words staff can pass on."""


@dataclass(frozen=True)
class CopyRequest:
    """What the staff member confirmed."""

    invoice_id: int
    kind: DeliveryKind
    medium: DeliveryMedium
    destination: str
    request_id: str
    actor: str
    requested_by: str | None = None  # None: "admin:<actor>"; a simulated chat's own marker

    @property
    def requester(self) -> str:
        """Who the deliveries say asked for them (the outbox for a simulated chat)."""
        return (self.requested_by or f"admin:{self.actor}")[:60]


def checked_destination(medium: DeliveryMedium, destination: str) -> str:
    """The destination in stored form (e-mail normalised, phone E.164 mobile) or CopyRefused."""
    try:
        return normalise_contact(medium.value, destination)
    except InvalidValue as exc:
        raise CopyRefused(str(exc)) from None


def _slip_codes(invoice: Invoice, settings: Settings, now: datetime) -> PaymentCodes | str:
    """The codes a slip would carry today, or why there may be none (paid, period over…)."""
    view = payment_view(invoice, settings, now.astimezone(LOCAL_TZ).date())
    return view.message if isinstance(view, PaymentRefusal) else view


def refusal(invoice: Invoice, kind: DeliveryKind, settings: Settings, now: datetime) -> str | None:
    """Why this document may not be sent at all today (a slip needs a payable invoice)."""
    if kind is not DeliveryKind.PAYMENT_SLIP:
        return None
    codes = _slip_codes(invoice, settings, now)
    return codes if isinstance(codes, str) else None


def validate(
    invoice: Invoice, request: CopyRequest, settings: Settings, now: datetime
) -> tuple[str, str | None]:
    """The checked destination and, for barra by SMS, the linha digitável; or CopyRefused."""
    if request.medium not in MEDIA.get(request.kind, ()):
        raise CopyRefused("meio de envio não disponível para este documento")
    if request.medium is DeliveryMedium.WHATSAPP and not settings.channel_product_enabled:
        raise CopyRefused("envio por WhatsApp não está disponível (produto Channel desativado)")
    line = None
    if request.kind is DeliveryKind.PAYMENT_SLIP:
        codes = _slip_codes(invoice, settings, now)
        if isinstance(codes, str):
            raise CopyRefused(codes)
        line = codes.digitable_line if request.medium is DeliveryMedium.SMS else None
    return checked_destination(request.medium, request.destination), line


def send(
    session: Session, invoice: Invoice, request: CopyRequest, settings: Settings, now: datetime
) -> list[int]:
    """Commit the deliveries (once per request id) and return their ids for the queue."""
    destination, line = validate(invoice, request, settings, now)
    key = f"staff:{request.request_id}:{request.kind.value}:{request.medium.value}:{destination}"
    ids = []
    if line is not None:
        text, _ = deliveries.create_text(
            session,
            medium=request.medium,
            destination=destination,
            text=line,
            dedupe_key=f"{key}:line",
            unit_id=invoice.unit_id,
            requested_by=request.requester,
        )
        ids.append(text.id)
    delivery, created = deliveries.create(
        session,
        dedupe_key=key,
        invoice_id=invoice.id,
        unit_id=invoice.unit_id,
        medium=request.medium,
        destination=destination,
        kind=request.kind,
        requested_by=request.requester,
    )
    ids.append(delivery.id)
    if created:
        _audit(session, invoice, request, destination)
    return ids


def _audit(session: Session, invoice: Invoice, request: CopyRequest, destination: str) -> None:
    """Record which staff member sent what to whom (the destination masked)."""
    session.add(
        AuditLog(
            actor=request.actor,
            action="copy.send",
            entity="invoice",
            entity_id=str(invoice.id),
            detail={
                "uc": invoice.unit.uc,
                "kind": request.kind.value,
                "medium": request.medium.value,
                "destination": mask_destination(destination),
            },
        )
    )
    session.commit()
    log.info("staff %s sent %s of invoice %d", request.actor, request.kind.value, invoice.id)
