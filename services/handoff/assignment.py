"""Who has a hand-off. "Assumir" takes an open, unassigned one with one conditional UPDATE
(`… WHERE assigned_to IS NULL`), so of two staff members racing exactly one wins. "Assumir
no lugar de <login>" takes it from the login the page showed (a takeover in between makes it
miss) and is audited with both logins. Only the staff member who has it may answer or close
it (`refusal` says why another may not)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from models import Handoff
from services.handoff import audit

log = logging.getLogger(__name__)


class Refused(ValueError):
    """Staff may not do this with the hand-off now; the message says why, in Portuguese."""


def _open(handoff_id: int) -> tuple[object, ...]:
    """The WHERE terms of this hand-off while it is open."""
    return (Handoff.id == handoff_id, Handoff.handled_at.is_(None))


def take(session: Session, handoff: Handoff, login: str, now: datetime) -> bool:
    """Take the hand-off if nobody has it (audited); False when someone was first or it is
    closed. The caller commits."""
    won = session.execute(
        update(Handoff)
        .where(*_open(handoff.id), Handoff.assigned_to.is_(None))
        .values(assigned_to=login, assigned_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(handoff)
    if won == 1:
        audit.record(session, login, "handoff.assign", handoff)
        log.info("hand-off %s taken by %s", handoff.protocol, login)
    return won == 1


def take_over(session: Session, handoff: Handoff, login: str, previous: str, now: datetime) -> bool:
    """Take the hand-off from `previous`, the login the page showed (audited with both);
    False when it changed hands or closed meanwhile. The caller commits."""
    if not previous or previous == login:
        return False
    won = session.execute(
        update(Handoff)
        .where(*_open(handoff.id), Handoff.assigned_to == previous)
        .values(assigned_to=login, assigned_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(handoff)
    if won == 1:
        audit.record(session, login, "handoff.takeover", handoff, previous=previous)
        log.info("hand-off %s taken over from %s by %s", handoff.protocol, previous, login)
    return won == 1


def refusal(handoff: Handoff, login: str) -> str:
    """Why `login` may not answer or close the hand-off as it stands."""
    if handoff.handled_at is not None:
        return "este atendimento já foi encerrado"
    if handoff.assigned_to is None:
        return "assuma o atendimento antes de responder"
    if handoff.assigned_to != login:
        return f"este atendimento está com {handoff.assigned_to}: assuma no lugar para responder"
    return "não foi possível registrar agora: tente de novo"


def answering(session: Session, handoff: Handoff, login: str, now: datetime) -> bool:
    """Check, in the caller's transaction, that `login` has the open hand-off, stamping the
    first answer; True when this is the first (the caller then steps the bot aside).

    Each check is a conditional UPDATE of the hand-off's row, so on PostgreSQL it also holds
    the row until commit: a takeover or a close racing with this answer waits, then misses.
    Refused otherwise."""
    mine = (*_open(handoff.id), Handoff.assigned_to == login)
    first = session.execute(
        update(Handoff)
        .where(*mine, Handoff.first_answer_at.is_(None))
        .values(first_answer_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    still = (
        first
        or session.execute(
            update(Handoff)
            .where(*mine)
            .values(assigned_at=Handoff.assigned_at)
            .execution_options(synchronize_session=False)
        ).rowcount
    )
    session.refresh(handoff)
    if not still:
        raise Refused(refusal(handoff, login))
    return first == 1
