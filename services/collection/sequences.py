"""File sequence numbers (NSA) per bank: the next debit file takes last + 1; only
`collection_sequence_user` may set it by hand, and that is audited."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from models import AuditLog, CollectionSequence
from services.collection.closed_days import check_allowed

log = logging.getLogger(__name__)
MAX_SEQUENCE = 999_999  # six digits in record A


def last(session: Session, bank: str) -> int:
    """The last sequence used with `bank` (0: none yet)."""
    row = session.get(CollectionSequence, bank)
    return row.last if row else 0


def take_next(session: Session, bank: str) -> int:
    """Claim the next sequence for `bank` (locked row; the caller commits)."""
    row = session.get(CollectionSequence, bank, with_for_update=True)
    if row is None:
        row = CollectionSequence(bank_code=bank, last=0)
        session.add(row)
    row.last = 1 if row.last >= MAX_SEQUENCE else row.last + 1
    return row.last


def set_last(session: Session, bank: str, value: int, actor: str) -> None:
    """Set the last sequence used with `bank` (allowed user only; audited; commits)."""
    check_allowed(session, actor, "alterar a sequência dos arquivos de arrecadação")
    if not 0 <= value <= MAX_SEQUENCE:
        raise ValueError(f"a sequência deve estar entre 0 e {MAX_SEQUENCE}")
    old = last(session, bank)
    row = session.get(CollectionSequence, bank) or CollectionSequence(bank_code=bank)
    row.last = value
    session.add(row)
    session.add(
        AuditLog(
            actor=actor,
            action="collection.sequence",
            entity="collection_sequence",
            entity_id=bank,
            detail={"old": old, "new": value},
        )
    )
    session.commit()
    log.info("sequence of bank %s set from %d to %d", bank, old, value)
