"""One-click cancel of an e-mail enrolment (RFC 8058): the signed link every invoice e-mail
carries, and the cancel it asks for.

The token is signed with SECRET_KEY by itsdangerous (its own salt, so no other token of the
service passes for one) and expires after 60 days, two monthly invoices. It carries the
enrolment's id and a keyed fingerprint of that row's address and creation time, never the
address: whoever reads a token learns nothing about it, and an enrolment deleted and made
again (a new row, even with the same id and address) is not cancelled by an old link.
A tampered, expired or malformed token changes nothing; cancelling twice cancels once.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from billing.validation import mask_email
from models import Enrollment, EnrollmentMedium
from services.people.enrollments import unenroll_once

log = logging.getLogger(__name__)
SALT = "fatura-cancel-email-v1"
MAX_AGE = timedelta(days=60)
ACTOR = "link-cancelar"  # who the audit log names for a cancel through the link


class Outcome(StrEnum):
    """What a link is worth: invalid (tampered, expired), gone (nothing left to cancel),
    valid (an enrolment to cancel), or cancelled (just now)."""

    INVALID = "invalid"
    GONE = "gone"
    VALID = "valid"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Target:
    """What the cancel page may show of the enrolment: its UC and the address masked."""

    outcome: Outcome
    uc: str = ""
    masked: str = ""
    others: int = 0  # the UC's other enrolments (none: the invoice goes back to paper)


def _serializer(secret: str) -> URLSafeTimedSerializer:
    """The signer of cancel tokens (HMAC with the app's secret key, its own salt)."""
    return URLSafeTimedSerializer(secret, salt=SALT)


def fingerprint(secret: str, row: Enrollment) -> str:
    """A keyed hash of the row's id, address and creation second: names that row only."""
    data = f"{row.id}|{row.destination}|{int(row.created_at.timestamp())}".encode()
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()[:24]


def make_token(secret: str, row: Enrollment) -> str:
    """The token of an e-mail enrolment's cancel link."""
    return _serializer(secret).dumps([row.id, fingerprint(secret, row)])


def cancel_url(base_url: str, secret: str, row: Enrollment) -> str:
    """The public https link (PUBLIC_BASE_URL) that cancels this e-mail enrolment."""
    return f"{base_url}/cancelar/{make_token(secret, row)}"


def _enrollment(session: Session, secret: str, token: str) -> Enrollment | Outcome | None:
    """The enrolment a token names; INVALID for a bad token, None when it is gone."""
    try:
        enrollment_id, mark = _serializer(secret).loads(token, max_age=int(MAX_AGE.total_seconds()))
        enrollment_id, mark = int(enrollment_id), str(mark)
    except (BadSignature, ValueError, TypeError):
        return Outcome.INVALID
    row = session.get(Enrollment, enrollment_id)
    if row is None or row.medium is not EnrollmentMedium.EMAIL:
        return None
    return row if hmac.compare_digest(mark, fingerprint(secret, row)) else None


def _target(session: Session, row: Enrollment, outcome: Outcome) -> Target:
    """The page's view of `row`: UC, masked address, how many recipients the UC keeps."""
    count = select(func.count()).select_from(Enrollment).where(Enrollment.unit_id == row.unit_id)
    others = session.scalar(count) or 0
    return Target(outcome, row.unit.uc, mask_email(row.destination), others - 1)


def look_up(session: Session, secret: str, token: str) -> Target:
    """What a GET shows: nothing is changed (link scanners follow every link they see)."""
    found = _enrollment(session, secret, token)
    if isinstance(found, Outcome):
        return Target(found)
    return Target(Outcome.GONE) if found is None else _target(session, found, Outcome.VALID)


def cancel(session: Session, secret: str, token: str) -> Target:
    """Cancel the enrolment the token names, audited, once; commits."""
    found = _enrollment(session, secret, token)
    if isinstance(found, Outcome):
        return Target(found)
    if found is None:
        return Target(Outcome.GONE)
    target = _target(session, found, Outcome.CANCELLED)
    if not unenroll_once(session, found, ACTOR):
        session.rollback()
        return Target(Outcome.GONE)
    session.commit()
    log.info("e-mail enrolment %d cancelled through its link", found.id)
    return target
