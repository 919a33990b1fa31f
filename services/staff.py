"""Staff users: creation with a hashed password (scrypt, via Werkzeug)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from models import AuditLog, StaffUser

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
