"""First copies at issuance (docs/product.md): one delivery per enrolment of a newly issued invoice.

With `send_unauthorized_at_issuance` on, deliveries are pending at once (the PDF carries
the "SEM VALOR FISCAL" mark until the NF3e is authorised); off, they are held until the
invoice is authorised and `dispatch-pending` (or the authorising update itself) releases them.
Invoices that are no fiscal document and will never have an NF3e (an installment plan's
"outras faturas": `fiscal=False`) are sent at once whatever the setting, or they would wait
for an authorisation that never comes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, select, update
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
from services.core.batches import chunks
from services.delivery.deliveries import record_event

log = logging.getLogger(__name__)


FIRST = "first:"  # dedupe-key prefix of first copies made at issuance


def first_copy_key(invoice_id: int, medium: str, destination: str) -> str:
    """One first copy per invoice and recipient, whatever retries or re-imports happen."""
    return f"{FIRST}{invoice_id}:{medium}:{destination}"


CHUNK = 1000  # invoices per query: bounded memory and bind parameters on any import size


def issue(session: Session, invoice_ids: Iterable[int], *, fiscal: bool = True) -> list[int]:
    """Create the first-copy deliveries of these new invoices (caller commits); returns the
    ids of those to enqueue now (the others are held; none when not `fiscal`)."""
    send_now = not fiscal or settings.load(session).send_unauthorized_at_issuance
    return [
        d for chunk in chunks(invoice_ids, CHUNK) for d in _issue_chunk(session, chunk, send_now)
    ]


def _issue_chunk(session: Session, invoice_ids: list[int], send_now: bool) -> list[int]:
    """One query for the chunk's invoices and their enrolments, one for the copies already
    made, one flush: an import of 100,000 invoices must not load them all as objects."""
    rows = session.execute(
        select(
            Invoice.id,
            Invoice.unit_id,
            Invoice.nf3e_access_key.is_not(None).label("authorised"),
            Enrollment.medium,
            Enrollment.destination,
        )
        .join(Enrollment, Enrollment.unit_id == Invoice.unit_id)
        .where(Invoice.id.in_(invoice_ids))
        .order_by(Invoice.id, Enrollment.id)
    ).all()
    wanted = [first_copy_key(r.id, r.medium.value, r.destination) for r in rows]
    done = set(
        session.scalars(select(Delivery.dedupe_key).where(Delivery.dedupe_key.in_(wanted)))
        if wanted
        else ()
    )
    created: list[Delivery] = []
    for row, key in zip(rows, wanted, strict=True):
        if key not in done:
            done.add(key)
            created.append(_first_copy(row, key, pending=send_now or row.authorised))
    session.add_all(created)
    session.flush()
    for delivery in created:
        record_event(session, delivery, delivery.status.value)
    return [d.id for d in created if d.status is DeliveryStatus.PENDING]


def _first_copy(row: Row[Any], key: str, *, pending: bool) -> Delivery:
    """A first copy for one enrolment: pending, or held until the NF3e is authorised."""
    return Delivery(
        dedupe_key=key,
        invoice_id=row.id,
        unit_id=row.unit_id,
        medium=DeliveryMedium(row.medium.value),
        destination=row.destination,
        kind=DeliveryKind.FIRST_COPY,
        status=DeliveryStatus.PENDING if pending else DeliveryStatus.HELD,
        requested_by="issuance",
    )


def release_held(session: Session, invoice_ids: Iterable[int] | None = None) -> list[int]:
    """Held first copies of authorised invoices become pending (caller commits and enqueues)."""
    if invoice_ids is None:
        released = _release(session, None)
    else:
        released = [d for chunk in chunks(invoice_ids, CHUNK) for d in _release(session, chunk)]
    for delivery_id in released:
        record_event(session, delivery_id, "released")
    if released:
        log.info("released %d held first copies", len(released))
    return released


def _release(session: Session, invoice_ids: list[int] | None) -> list[int]:
    """Release the held copies of these (or all) authorised invoices; their ids."""
    authorised = select(Invoice.id).where(Invoice.nf3e_access_key.is_not(None))
    if invoice_ids is not None:
        authorised = authorised.where(Invoice.id.in_(invoice_ids))
    return list(
        session.execute(
            update(Delivery)
            .where(
                Delivery.status == DeliveryStatus.HELD,
                Delivery.invoice_id.in_(authorised),
                Delivery.dedupe_key.startswith(FIRST),  # not a WhatsApp notice's held rest
            )
            .values(status=DeliveryStatus.PENDING, updated_at=utcnow())
            .returning(Delivery.id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
