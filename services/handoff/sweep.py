"""Nothing a staff member sent is lost when a job dies or Redis forgets it: queued staff
messages untouched for a while are enqueued again (the claim keeps it to one send), and a
message left `sending` for long is marked failed for a person to check: it may have reached
the consumer, so it is never sent again blindly."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models import HandoffMessage

log = logging.getLogger(__name__)
QUEUED_AFTER = timedelta(minutes=5)
SENDING_AFTER = timedelta(minutes=10)
SENT_BY_JOBS = (HandoffMessage.kind != "document",)  # a document is a delivery: its own sweeper
UNCONFIRMED = "envio não confirmado (o trabalho parou durante o envio): confira antes de reenviar"


def sweep(session: Session, now: datetime) -> list[int]:
    """Flag stale `sending` messages; return the ids of stale queued ones to enqueue again
    (committed)."""
    changed = func.coalesce(HandoffMessage.updated_at, HandoffMessage.created_at)
    flagged = session.execute(
        update(HandoffMessage)
        .where(*SENT_BY_JOBS, HandoffMessage.status == "sending", changed < now - SENDING_AFTER)
        .values(status="failed", error=UNCONFIRMED, pending_body=None, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    stale = session.scalars(
        select(HandoffMessage.id)
        .where(*SENT_BY_JOBS, HandoffMessage.status == "queued", changed < now - QUEUED_AFTER)
        .order_by(HandoffMessage.id)
    ).all()
    session.commit()
    if flagged or stale:
        log.info("staff messages: %d requeued, %d flagged unconfirmed", len(stale), flagged)
    return list(stale)
