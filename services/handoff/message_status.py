"""Provider status callbacks for staff messages, found by the provider's id: the status only
moves forward (sending < sent < delivered < read); `failed` and `undelivered` (kept as
failed, with a readable reason) may come after sent or delivered. Conditional UPDATEs, so
two callbacks racing never move a message backwards."""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import HandoffMessage, utcnow
from services.delivery.provider_status import failure_reason

log = logging.getLogger(__name__)
RANK = {"held": 0, "queued": 0, "sending": 1, "sent": 2, "delivered": 3, "read": 4}
FORWARD = ("sent", "delivered", "read")
TERMINAL = ("failed", "undelivered")
FAILABLE = ("queued", "sending", "sent", "delivered")


def apply_callback(
    session: Session, *, provider_sid: str, status: str, error_code: str | None, message: str
) -> HandoffMessage | None:
    """Move the staff message the provider knows by `provider_sid`; None for an unknown id.
    The caller commits."""
    row = session.scalars(
        select(HandoffMessage).where(HandoffMessage.provider_sid == provider_sid).limit(1)
    ).first()
    if row is None:
        return None
    word = status.strip().lower()
    if word in TERMINAL:
        code = (error_code or "").strip()[:20] or None
        reason = failure_reason(code, message or None)
        _move(session, row, "failed", FAILABLE, error=reason)
    elif word in FORWARD:
        sources = tuple(status for status, rank in RANK.items() if rank < RANK[word])
        _move(session, row, word, sources)
    return row


def _move(
    session: Session, row: HandoffMessage, target: str, sources: tuple[str, ...], **values: object
) -> None:
    """Set the status while the message is still in one of `sources`."""
    moved = session.execute(
        update(HandoffMessage)
        .where(HandoffMessage.id == row.id, HandoffMessage.status.in_(sources))
        .values(status=target, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved:
        log.info("staff message %d: %s", row.id, target)
