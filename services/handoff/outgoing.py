"""The status moves of a staff message on its way out, each one conditional UPDATE so two
jobs (a retry, the sweeper, a release) never send one message twice: queued → sending (the
claim) → sent, or failed, or back to queued for a retry. The full text is dropped as soon as
the message has gone or failed."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from channels.base import ChannelError
from models import HandoffMessage
from services.core.logging_setup import redact

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6  # claims of one message before a transient error counts as failure
MAX_ERROR_CHARS = 300


def _move(session: Session, message_id: int, source: str, **values: object) -> bool:
    """Set `values` on the message while its status is `source`; True when it moved (never
    a document: it goes as a delivery, whose status the transcript shows)."""
    return (
        session.execute(
            update(HandoffMessage)
            .where(
                HandoffMessage.id == message_id,
                HandoffMessage.status == source,
                HandoffMessage.kind != "document",
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def claim(session: Session, message_id: int, now: datetime) -> HandoffMessage | None:
    """queued → sending, committed; the message, or None when it is not queued (sent,
    held, claimed by another job)."""
    claimed = _move(
        session,
        message_id,
        "queued",
        status="sending",
        attempts=HandoffMessage.attempts + 1,
        updated_at=now,
    )
    session.commit()
    if not claimed:
        log.info("staff message %d is not queued; nothing to do", message_id)
        return None
    return session.get(HandoffMessage, message_id, populate_existing=True)


def sent(session: Session, message: HandoffMessage, provider_sid: str, now: datetime) -> None:
    """sending → sent with the provider's id, the full text dropped; committed."""
    _move(
        session,
        message.id,
        "sending",
        status="sent",
        provider_sid=provider_sid[:64],
        sent_at=now,
        updated_at=now,
        pending_body=None,
    )
    session.commit()
    log.info("staff message %d (%s) sent", message.id, message.kind)


def failed(session: Session, message: HandoffMessage, reason: str, now: datetime) -> None:
    """sending → failed with a readable reason (personal data masked); committed."""
    _move(
        session,
        message.id,
        "sending",
        status="failed",
        error=redact(reason)[:MAX_ERROR_CHARS],
        pending_body=None,
        updated_at=now,
    )
    session.commit()
    log.warning("staff message %d (%s) failed: %s", message.id, message.kind, reason)


def channel_error(
    session: Session, message: HandoffMessage, exc: ChannelError, now: datetime
) -> None:
    """Permanent, or too many attempts: failed; transient: back to queued and re-raised,
    so the queue tries again."""
    if not exc.transient or message.attempts >= MAX_ATTEMPTS:
        failed(session, message, str(exc), now)
        return
    _move(session, message.id, "sending", status="queued", updated_at=now)
    session.commit()
    raise exc


def requeue(session: Session, message_id: int, now: datetime) -> None:
    """sending → queued after an unexpected error before the provider was called."""
    session.rollback()
    _move(session, message_id, "sending", status="queued", updated_at=now)
    session.commit()
