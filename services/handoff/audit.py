"""The audit trail of what staff do with a hand-off: who (the login), what, and on which
hand-off; never the text or the number (the transcript keeps the text, redacted)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models import AuditLog, Handoff


def record(session: Session, login: str, action: str, handoff: Handoff, **detail: Any) -> None:
    """Add one audit entry for `handoff` (the caller commits)."""
    session.add(
        AuditLog(
            actor=login[:60],
            action=action,
            entity="handoff",
            entity_id=str(handoff.id),
            detail={"protocol": handoff.protocol, **detail},
        )
    )
