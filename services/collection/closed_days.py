"""Closed collection days (docs/product.md#closed-collection-day): `fatura close-day` closes a
day; while `block_closed_day` is on, reversals and return files dated on a closed day are
refused. Only `collection_sequence_user` may reopen a day (and change file sequences); both
are audited."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.orm import Session

from models import AuditLog, ClosedDay
from services import settings

log = logging.getLogger(__name__)


class DayClosed(Exception):
    """An action on a closed collection day; the message says what to do."""


class NotAllowed(PermissionError):
    """The user is not the one the settings allow."""


def check_allowed(session: Session, actor: str, what: str) -> None:
    """Refuse anyone but `collection_sequence_user` (nobody while it is empty)."""
    allowed = settings.load(session).collection_sequence_user
    if not allowed or actor != allowed:
        log.warning("refused %s: not the allowed user", what)
        who = f"o usuário {allowed}" if allowed else "um usuário definido em Parametrização"
        raise NotAllowed(f"Só {who} pode {what}.")


def is_closed(session: Session, day: date) -> bool:
    """True when `day` was closed and the block setting is on."""
    if not settings.load(session).block_closed_day:
        return False
    return session.get(ClosedDay, day) is not None


def ensure_open(session: Session, day: date, what: str) -> None:
    """Raise DayClosed when `day` is closed (and the block is on)."""
    if is_closed(session, day):
        raise DayClosed(
            f"A arrecadação de {day:%d/%m/%Y} está fechada: não é possível {what}. "
            "Para reabrir o dia, fale com o usuário responsável pela arrecadação."
        )


def mark_closed(session: Session, day: date, actor: str) -> None:
    """Record the day as closed (once); the caller commits."""
    if session.get(ClosedDay, day) is None:
        session.add(ClosedDay(day=day, closed_by=actor))
        session.add(_audit(actor, "collection.close_day", day))


def reopen(session: Session, day: date, actor: str) -> bool:
    """Reopen a closed day (allowed user only, audited, commits); False if it was not closed."""
    check_allowed(session, actor, "reabrir um dia de arrecadação")
    row = session.get(ClosedDay, day)
    if row is None:
        return False
    session.delete(row)
    session.add(_audit(actor, "collection.reopen_day", day))
    session.commit()
    log.info("collection day %s reopened", day)
    return True


def _audit(actor: str, action: str, day: date) -> AuditLog:
    """An audit row about a day."""
    return AuditLog(actor=actor, action=action, entity="collection_day", entity_id=day.isoformat())
