"""Deliveries: a committed row first, then a job; the row's status decides what is left to do."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Delivery, DeliveryEvent, DeliveryKind, DeliveryMedium, DeliveryStatus, utcnow

log = logging.getLogger(__name__)

# Pending rows are written with statements built once rather than through the unit of work: a
# flush costs more than both inserts, and the chat webhook writes one per document it sends.
_NEW_DELIVERY = insert(Delivery.__table__).returning(Delivery.__table__.c.id)
_NEW_EVENT = insert(DeliveryEvent.__table__)


def record_event(
    session: Session,
    delivery: Delivery | int,
    status: str,
    code: str | None = None,
    **detail: object,
) -> None:
    """Append an entry to the delivery's history (never rewritten)."""
    delivery_id = delivery if isinstance(delivery, int) else delivery.id
    session.add(DeliveryEvent(delivery_id=delivery_id, status=status, code=code, detail=detail))


def insert_pending(session: Session, **fields: object) -> int:
    """Insert a pending delivery (or one of the given `status`, e.g. held) and the first
    entry of its history (the caller commits)."""
    row = {"status": DeliveryStatus.PENDING, **fields}
    delivery_id: int = session.execute(_NEW_DELIVERY, row).scalar_one()
    first = {"status": DeliveryStatus(row["status"]).value, "code": None, "detail": {}}
    session.execute(_NEW_EVENT, {"delivery_id": delivery_id, **first})
    return delivery_id


def create(session: Session, *, dedupe_key: str, **fields: object) -> tuple[Delivery, bool]:
    """Commit a pending delivery once per dedupe key; return it and whether it is new."""
    existing = session.scalar(select(Delivery).where(Delivery.dedupe_key == dedupe_key))
    if existing is not None:
        return existing, False
    try:
        delivery_id = insert_pending(session, dedupe_key=dedupe_key, **fields)
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = session.scalar(select(Delivery).where(Delivery.dedupe_key == dedupe_key))
        assert existing is not None
        return existing, False
    delivery = session.get(Delivery, delivery_id)
    assert delivery is not None
    return delivery, True


def create_text(
    session: Session,
    *,
    medium: DeliveryMedium,
    destination: str,
    text: str,
    dedupe_key: str,
    unit_id: int | None = None,
    requested_by: str | None = None,
) -> tuple[Delivery, bool]:
    """Commit a pending text message once per dedupe key."""
    return create(
        session,
        dedupe_key=dedupe_key,
        medium=medium,
        destination=destination,
        kind=DeliveryKind.TEXT,
        body=text,
        unit_id=unit_id,
        requested_by=requested_by,
    )


def claim(session: Session, delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """Atomically move a delivery from pending to sending; None if someone else has it."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.PENDING)
        .values(
            status=DeliveryStatus.SENDING,
            attempts=Delivery.attempts + 1,
            updated_at=now or utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        return None
    delivery = session.get(Delivery, delivery_id, populate_existing=True)
    assert delivery is not None
    record_event(session, delivery, DeliveryStatus.SENDING.value, attempt=delivery.attempts)
    session.commit()
    return delivery


def mark_sent(session: Session, delivery: Delivery, provider_id: str) -> None:
    """Store the provider's id and `sent` at once, only while the delivery is still ours
    (`sending`): a callback or the sweeper may have moved it meanwhile."""
    moved = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.status == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.SENT, provider_id=provider_id, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        session.execute(
            update(Delivery)
            .where(Delivery.id == delivery.id)
            .values(provider_id=provider_id)
            .execution_options(synchronize_session=False)
        )
    record_event(session, delivery, DeliveryStatus.SENT.value if moved else "sent_late")
    session.commit()
    session.refresh(delivery)


def mark_failed(session: Session, delivery: Delivery, reason: str, code: str | None) -> None:
    """Record a permanent failure with the provider's code and a readable reason."""
    delivery.status = DeliveryStatus.FAILED
    delivery.reason = reason
    delivery.provider_code = code
    record_event(session, delivery, DeliveryStatus.FAILED.value, code, reason=reason)
    session.commit()


def release_for_retry(session: Session, delivery: Delivery, reason: str, code: str | None) -> None:
    """Put a transiently failed delivery back to pending so the retried job can claim it."""
    delivery.status = DeliveryStatus.PENDING
    delivery.reason = reason
    record_event(session, delivery, "retry", code, reason=reason)
    session.commit()


def mark_skipped(session: Session, delivery: Delivery, reason: str) -> None:
    """Record that the delivery was not sent, and why (opt-out, Channel off, enrolment gone)."""
    delivery.status = DeliveryStatus.SKIPPED
    delivery.reason = reason
    record_event(session, delivery, DeliveryStatus.SKIPPED.value, reason=reason)
    session.commit()
