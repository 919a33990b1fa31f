"""The sweeper: nothing accepted is lost when a worker dies or Redis forgets its queue.

- `pending` for more than 5 minutes: enqueued again (the claim keeps it to one send).
- `sending` for more than 10 minutes: if its last claim never reached the provider (no
  `provider_call` event after it), back to `pending` (or `failed` once its attempts are
  spent: something keeps breaking before the send); otherwise it may have been sent, so it
  becomes `needs_review` for a person to check — never resent blindly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from models import Delivery, DeliveryStatus
from services.delivery.deliveries import record_event
from services.delivery.dispatch import MAX_ATTEMPTS, PROVIDER_CALL

log = logging.getLogger(__name__)
PENDING_AFTER = timedelta(minutes=5)
SENDING_AFTER = timedelta(minutes=10)


@dataclass
class SweepReport:
    """What a sweep did."""

    requeue: list[int] = field(default_factory=list)
    recovered: list[int] = field(default_factory=list)
    needs_review: list[int] = field(default_factory=list)


def _reached_provider(delivery: Delivery) -> bool:
    """True when, after its last claim, the provider may have been called."""
    for event in reversed(delivery.events):
        if event.status == PROVIDER_CALL:
            return True
        if event.status == DeliveryStatus.SENDING.value:
            return False
    return False


def _stale_sending(session: Session, now: datetime, report: SweepReport) -> None:
    """Recover or flag deliveries a dead worker left in `sending`."""
    stuck = session.scalars(
        select(Delivery)
        .where(Delivery.status == DeliveryStatus.SENDING, Delivery.updated_at < now - SENDING_AFTER)
        .options(selectinload(Delivery.events))
    ).all()
    for delivery in stuck:
        if _reached_provider(delivery):
            delivery.status = DeliveryStatus.NEEDS_REVIEW
            delivery.reason = (
                "o trabalhador parou durante o envio: confirme com o provedor antes de reenviar"
            )
            record_event(session, delivery, DeliveryStatus.NEEDS_REVIEW.value)
            report.needs_review.append(delivery.id)
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.reason = "falha interna repetida antes do envio: verifique os registros"
            record_event(session, delivery, DeliveryStatus.FAILED.value, reason=delivery.reason)
        else:
            delivery.status = DeliveryStatus.PENDING
            record_event(session, delivery, "recovered")
            report.recovered.append(delivery.id)
        delivery.updated_at = now


def sweep(session: Session, now: datetime) -> SweepReport:
    """One pass; commits; returns the ids to enqueue (requeued + recovered) and the flagged."""
    report = SweepReport()
    _stale_sending(session, now, report)
    report.requeue = list(
        session.execute(
            update(Delivery)
            .where(
                Delivery.status == DeliveryStatus.PENDING, Delivery.updated_at < now - PENDING_AFTER
            )
            .values(updated_at=now)
            .returning(Delivery.id)
            .execution_options(synchronize_session=False)
        ).scalars()
    )
    session.commit()
    if report.requeue or report.recovered or report.needs_review:
        log.warning(
            "sweep: %d requeued, %d recovered, %d need review",
            len(report.requeue),
            len(report.recovered),
            len(report.needs_review),
        )
    return report
