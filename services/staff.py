"""Staff users: creation with a hashed password (scrypt, via Werkzeug) and throttled login."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from models import AuditLog, StaffUser

log = logging.getLogger(__name__)

LOGIN_RE = re.compile(r"[a-z0-9._-]{3,60}")
MIN_PASSWORD = 8


class StaffError(ValueError):
    """A login or password that cannot be accepted."""


def create_or_reset(session: Session, login: str, password: str, actor: str = "cli") -> bool:
    """Create `login` (or set its password); True when the user is new."""
    login = login.strip().lower()
    if not LOGIN_RE.fullmatch(login):
        raise StaffError("login: 3 to 60 of a-z, 0-9, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"password: at least {MIN_PASSWORD} characters")
    user = session.scalar(select(StaffUser).where(StaffUser.login == login))
    created = user is None
    if user is None:
        user = StaffUser(login=login, password_hash="")
        session.add(user)
    user.password_hash = generate_password_hash(password)
    action = "staff.create" if created else "staff.password"
    session.add(AuditLog(actor=actor, action=action, entity="staff_user", entity_id=login))
    session.commit()
    return created


LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_ADDRESS = 20
FAILED = "staff.login_failed"


@cache
def _dummy_hash() -> str:
    """A hash to check unknown logins against, so they take as long as wrong passwords."""
    return generate_password_hash(secrets.token_hex(16))


class LoginRefused(Exception):
    """Wrong login or password, or too many recent failures (`throttled`)."""

    def __init__(self, throttled: bool) -> None:
        super().__init__("throttled" if throttled else "invalid")
        self.throttled = throttled


def _recent_failures(session: Session, column: Any, value: str, now: datetime) -> int:
    """How many failed logins matched `column == value` in the lock window."""
    return (
        session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == FAILED, column == value, AuditLog.at > now - LOCK_WINDOW)
        )
        or 0
    )


def authenticate(
    session: Session, login: str, password: str, address: str, now: datetime
) -> StaffUser:
    """The active user with that password, or LoginRefused; failures are counted per login and
    per client address in the database, so the throttle holds across gunicorn workers."""
    login = login.strip().lower()[:60]
    actor = f"ip:{address}"[:60]
    if (
        _recent_failures(session, AuditLog.entity_id, login, now) >= MAX_FAILURES_PER_LOGIN
        or _recent_failures(session, AuditLog.actor, actor, now) >= MAX_FAILURES_PER_ADDRESS
    ):
        raise LoginRefused(throttled=True)
    user = session.scalar(select(StaffUser).where(StaffUser.login == login))
    stored = user.password_hash if user is not None else _dummy_hash()
    if not check_password_hash(stored, password) or user is None or not user.active:
        session.add(
            AuditLog(actor=actor, action=FAILED, entity="staff_user", entity_id=login, at=now)
        )
        session.commit()
        log.info("failed staff login (%s)", "unknown user" if user is None else "wrong password")
        raise LoginRefused(throttled=False)
    user.last_login_at = now
    session.add(AuditLog(actor=login, action="staff.login", entity="staff_user", entity_id=login))
    session.commit()
    return user
