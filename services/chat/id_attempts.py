"""Atomic limits on CPF/CNPJ guesses: 5 per number and 10 per UC in a 15-minute window.

A guess is claimed before it is compared, with one UPDATE … RETURNING on a counter row per
number and per UC, in a short transaction committed at once on the message's own session (a
second connection per request could exhaust the pool under load). PostgreSQL serialises
concurrent UPDATEs of one row and re-checks the WHERE clause against the committed row, and
SQLite has a single writer, so however many numbers and workers send at the same moment, no
more guesses than the limit are ever compared. A claim refused leaves nothing to compare.

The guess that reaches a limit locks that number or UC: for 15 minutes the first time, then
twice as long for each lock since, up to a day (`strikes`); a day after the last lock ended
the next window starts the count over. A right guess gives its claim back, so a consumer who
identifies several UCs from an unknown number is not locked for being right. A message
decided again (another message of the same number moved the conversation first) claims
again: a guess may be counted twice, never not at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import IdentificationAttempt

log = logging.getLogger(__name__)
WINDOW = timedelta(minutes=15)
FORGET_STRIKES = timedelta(days=1)
MAX_LOCK = timedelta(days=1)
LIMITS = {"phone": 5, "uc": 10}

_T = IdentificationAttempt.__table__
_C = _T.c
_KEY = and_(_C.scope == bindparam("b_scope"), _C.key == bindparam("b_key"))
_STALE = _C.window_start <= bindparam("b_stale")
_UNLOCKED = or_(_C.locked_until.is_(None), _C.locked_until <= bindparam("b_now"))
# One guess more, unless locked or at the limit; a stale window starts over at 1.
_CLAIM = (
    update(_T)
    .where(_KEY, _UNLOCKED, or_(_STALE, _C.count < bindparam("b_limit")))
    .values(
        count=case((_STALE, 1), else_=_C.count + 1),
        window_start=case((_STALE, bindparam("b_now")), else_=_C.window_start),
        strikes=case(
            (
                and_(
                    _STALE,
                    or_(_C.locked_until.is_(None), _C.locked_until <= bindparam("b_forget")),
                ),
                0,
            ),
            else_=_C.strikes,
        ),
    )
    .returning(_C.count, _C.strikes, _C.window_start)
)
_LOCK = update(_T).where(_KEY).values(locked_until=bindparam("b_until"), strikes=_C.strikes + 1)
_GIVE_BACK = (
    update(_T)
    .where(_KEY, _C.window_start == bindparam("b_window"), _C.count > 0)
    .values(count=_C.count - 1)
)
_STATE = select(_C.count, _C.window_start, _C.locked_until).where(_KEY)


@dataclass(frozen=True)
class Claim:
    """A guess counted against a number and a UC, in the windows it was counted in."""

    phone: str
    uc: str
    windows: tuple[datetime, datetime]


def lock_duration(strikes: int) -> timedelta:
    """15 minutes for the first lock, doubling with each earlier one, at most a day."""
    return min(WINDOW * 2 ** min(strikes, 10), MAX_LOCK)


def _ensure_row(session: Session, scope: str, key: str, now: datetime) -> None:
    """Create the counter row if missing (an existing one is left alone)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    row = {"scope": scope, "key": key, "window_start": now, "count": 0, "strikes": 0}
    session.execute(dialect.insert(_T).values(row).on_conflict_do_nothing())


def _claim_one(session: Session, scope: str, key: str, now: datetime) -> datetime | None:
    """Count one guess for (scope, key); its window's start, or None when refused."""
    _ensure_row(session, scope, key, now)
    params = {"b_scope": scope, "b_key": key, "b_now": now}
    row = session.execute(
        _CLAIM,
        {
            **params,
            "b_stale": now - WINDOW,
            "b_limit": LIMITS[scope],
            "b_forget": now - FORGET_STRIKES,
        },
    ).first()
    if row is None:
        return None
    if row.count >= LIMITS[scope]:  # this guess reaches the limit: lock for a while
        session.execute(_LOCK, {**params, "b_until": now + lock_duration(row.strikes)})
        log.info("identification locked for a %s after %d guesses", scope, row.count)
    return row.window_start


def claim(session: Session, phone: str, uc: str, now: datetime) -> Claim | None:
    """Count one guess against the number and then the UC, committed at once; None (and
    nothing counted against the UC) when either is locked or at its limit.

    Ends the session's read transaction first (SQLite cannot turn a read snapshot that
    others wrote after into a write); what was read stays valid, as the conversation's
    version check at write time guards the decision anyway."""
    session.commit()
    try:
        phone_window = _claim_one(session, "phone", phone, now)
        uc_window = None if phone_window is None else _claim_one(session, "uc", uc, now)
        session.commit()  # the number's guess stays counted even when the UC refused it
    except BaseException:
        session.rollback()
        raise
    if phone_window is None or uc_window is None:
        return None
    return Claim(phone, uc, (phone_window, uc_window))


def give_back(session: Session, claim: Claim) -> None:
    """Return a right guess's claim to both counters (a lock it reached stays)."""
    keys = (("phone", claim.phone), ("uc", claim.uc))
    for (scope, key), window in zip(keys, claim.windows, strict=True):
        session.execute(_GIVE_BACK, {"b_scope": scope, "b_key": key, "b_window": window})
    session.commit()


@dataclass(frozen=True)
class Counter:
    """A number's or a UC's guesses as read: how many in the window that started when, and
    the end of its lock."""

    count: int
    window_start: datetime
    locked_until: datetime | None


def read(session: Session, scope: str, key: str) -> Counter | None:
    """The counter of (scope, key), None when it never guessed."""
    row = session.execute(_STATE, {"b_scope": scope, "b_key": key}).first()
    return None if row is None else Counter(row.count, row.window_start, row.locked_until)


def time_left(counter: Counter | None, scope: str, now: datetime) -> timedelta | None:
    """How long this counter stays locked, or None when it is not: a lock's end, or the end
    of a window whose guesses are used up."""
    if counter is None:
        return None
    if counter.locked_until is not None and counter.locked_until > now:
        return counter.locked_until - now
    if counter.window_start > now - WINDOW and counter.count >= LIMITS[scope]:
        return counter.window_start + WINDOW - now
    return None


def locked_for(session: Session, scope: str, key: str, now: datetime) -> timedelta | None:
    """How long (scope, key) stays locked, or None when it is not."""
    return time_left(read(session, scope, key), scope, now)


def locked(session: Session, scope: str, key: str, now: datetime) -> bool:
    """True while (scope, key) is locked or has used up its current window."""
    return locked_for(session, scope, key, now) is not None
