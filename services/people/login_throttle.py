"""The staff login throttle: failed logins are audit rows, counted over the last 15 minutes in
the database, so the limits hold across gunicorn workers.

- Per login and client: 5 failures for `ana` from one address stop `ana` from that address
  only, so a stranger elsewhere cannot lock a colleague out. A known browser (one where that
  login succeeded before, proven by a signed cookie) is its own client, whatever its address.
- Per address: 20 failures for any logins from one address stop every unknown browser there
  (password spraying). Known browsers are exempt: their guesses stay capped per browser.

Behind a reverse proxy with FATURA_PROXY_HOPS=0 every client has the proxy's address. We then
fail closed: guessing stays bounded (5 per login, 20 overall per 15 minutes) and a stranger
can stop browsers that never logged in; staff on their usual browsers keep logging in. The
fix is FATURA_PROXY_HOPS (the login page logs a warning when it sees the mistake).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditLog

LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_CLIENT = 5
MAX_FAILURES_PER_ADDRESS = 20
FAILED = "staff.login_failed"


@dataclass(frozen=True)
class Client:
    """Where a login attempt comes from: the address, and the known-browser id if any."""

    address: str
    browser: str | None = None

    @property
    def key(self) -> str:
        """The audit actor that failures from this client are recorded under."""
        return (f"browser:{self.browser}" if self.browser else f"ip:{self.address}")[:60]


def _failures(session: Session, now: datetime, *conditions: Any) -> int:
    """How many failed logins matching `conditions` happened in the lock window."""
    query = (
        select(func.count())
        .select_from(AuditLog)
        .where(AuditLog.action == FAILED, AuditLog.at > now - LOCK_WINDOW, *conditions)
    )
    return session.scalar(query) or 0


def throttled(session: Session, login: str, client: Client, now: datetime) -> bool:
    """True when `login` from `client` must wait for the window to pass."""
    mine = (AuditLog.entity_id == login, AuditLog.actor == client.key)
    if _failures(session, now, *mine) >= MAX_FAILURES_PER_CLIENT:
        return True
    if client.browser:
        return False
    address = AuditLog.actor == client.key
    return _failures(session, now, address) >= MAX_FAILURES_PER_ADDRESS


def record_failure(session: Session, login: str, client: Client, now: datetime) -> None:
    """Count one failure of `login` from `client` (the caller commits)."""
    session.add(
        AuditLog(actor=client.key, action=FAILED, entity="staff_user", entity_id=login, at=now)
    )
