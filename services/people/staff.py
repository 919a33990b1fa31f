"""Staff users: creation with a hashed password (scrypt, via Werkzeug), throttled login, and
server-side revocation of their sessions (`session_version`) at logout and password reset."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from models import AuditLog, StaffUser
from services.people.login_throttle import Client, record_failure, throttled

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
        user = StaffUser(login=login, password_hash="", session_version=0)
        session.add(user)
    else:  # a reset: whoever holds a session cookie of the old password is logged out
        revoke_sessions(user)
    user.password_hash = generate_password_hash(password)
    action = "staff.create" if created else "staff.password"
    session.add(AuditLog(actor=actor, action=action, entity="staff_user", entity_id=login))
    session.commit()
    return created


@cache
def _dummy_hash() -> str:
    """A hash to check unknown logins against, so they take as long as wrong passwords."""
    return generate_password_hash(secrets.token_hex(16))


class LoginRefused(Exception):
    """Wrong login or password, or too many recent failures (`throttled`)."""

    def __init__(self, throttled: bool) -> None:
        super().__init__("throttled" if throttled else "invalid")
        self.throttled = throttled


def authenticate(
    session: Session,
    login: str,
    password: str,
    address: str,
    now: datetime,
    browser: str | None = None,
) -> StaffUser:
    """The active user with that password, or LoginRefused; failures are counted per login and
    client and per address (services.people.login_throttle); `browser` is a known browser's id."""
    login = login.strip().lower()[:60]
    client = Client(address, browser)
    if throttled(session, login, client, now):
        raise LoginRefused(throttled=True)
    user = session.scalar(select(StaffUser).where(StaffUser.login == login))
    stored = user.password_hash if user is not None else _dummy_hash()
    if not check_password_hash(stored, password) or user is None or not user.active:
        record_failure(session, login, client, now)
        session.commit()
        log.info("failed staff login (%s)", "unknown user" if user is None else "wrong password")
        raise LoginRefused(throttled=False)
    user.last_login_at = now
    session.add(AuditLog(actor=login, action="staff.login", entity="staff_user", entity_id=login))
    session.commit()
    return user


def revoke_sessions(user: StaffUser) -> None:
    """Void every session cookie `user` holds (atomically in SQL; the caller commits)."""
    user.session_version = StaffUser.session_version + 1  # type: ignore[assignment]


def log_out(session: Session, user: StaffUser) -> None:
    """End every session of `user` on the server: cookies issued before now stop working."""
    revoke_sessions(user)
    session.add(
        AuditLog(actor=user.login, action="staff.logout", entity="staff_user", entity_id=user.login)
    )
    session.commit()
