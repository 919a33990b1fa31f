"""First copies at issuance (SPEC.md §4): one delivery per enrolment of a newly issued invoice.

With `send_unauthorized_at_issuance` on, deliveries are pending at once (the PDF carries
the "SEM VALOR FISCAL" mark until the NF3e is authorised); off, they are held until the
invoice is authorised and `dispatch-pending` (or the authorising update itself) releases them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import (
    Delivery,
    DeliveryKind,
    DeliveryMedium,
    DeliveryStatus,
    Enrollment,
    Invoice,
    utcnow,
)
from services import settings
from services.deliveries import record_event

log = logging.getLogger(__name__)


def first_copy_key(invoice_id: int, medium: str, destination: str) -> str:
    """One first copy per invoice and recipient, whatever retries or re-imports happen."""
    return f"first:{invoice_id}:{medium}:{destination}"


def issue(session: Session, invoice_ids: Iterable[int]) -> list[int]:
    """Create the first-copy deliveries of these new invoices (caller commits); returns the
    ids of those to enqueue now (the others are held)."""
    send_now = settings.load(session).send_unauthorized_at_issuance
    pending: list[int] = []
    for invoice in session.scalars(select(Invoice).where(Invoice.id.in_(list(invoice_ids)))):
        status = DeliveryStatus.PENDING if send_now or invoice.authorized else DeliveryStatus.HELD
        for enrolment in session.scalars(
            select(Enrollment).where(Enrollment.unit_id == invoice.unit_id)
        ):
            key = first_copy_key(invoice.id, enrolment.medium.value, enrolment.destination)
            if session.scalar(select(Delivery.id).where(Delivery.dedupe_key == key)):
                continue
            delivery = Delivery(
                dedupe_key=key,
                invoice_id=invoice.id,
                unit_id=invoice.unit_id,
                medium=DeliveryMedium(enrolment.medium.value),
                destination=enrolment.destination,
                kind=DeliveryKind.FIRST_COPY,
                status=status,
                requested_by="issuance",
            )
            session.add(delivery)
            session.flush()
            record_event(session, delivery, status.value)
            if status is DeliveryStatus.PENDING:
                pending.append(delivery.id)
    return pending


def release_held(session: Session, invoice_ids: Iterable[int] | None = None) -> list[int]:
    """Held first copies of authorised invoices become pending (caller commits and enqueues)."""
    authorised = select(Invoice.id).where(Invoice.nf3e_access_key.is_not(None))
    if invoice_ids is not None:
        authorised = authorised.where(Invoice.id.in_(list(invoice_ids)))
    rows = (
        session.execute(
            update(Delivery)
            .where(Delivery.status == DeliveryStatus.HELD, Delivery.invoice_id.in_(authorised))
            .values(status=DeliveryStatus.PENDING, updated_at=utcnow())
            .returning(Delivery.id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
    for delivery_id in rows:
        record_event(session, delivery_id, "released")
    if rows:
        log.info("released %d held first copies", len(rows))
    return list(rows)
