"""Short, random, expiring document links that fit in an SMS (`/m/<code>`)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from models import DeliveryKind, ShortLink

ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
CODE_LENGTH = 10  # 57^10 ≈ 3.6e17: not guessable within the link's lifetime


def create(session: Session, invoice_id: int, kind: DeliveryKind, now: datetime, hours: int) -> str:
    """A new code for the document, valid for `hours`; the caller commits."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    session.add(
        ShortLink(
            code=code,
            invoice_id=invoice_id,
            kind=kind.value,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return code


def resolve(session: Session, code: str, now: datetime) -> tuple[int, DeliveryKind] | None:
    """The document a code names while it has not expired."""
    if len(code) != CODE_LENGTH or not set(code) <= set(ALPHABET):
        return None
    link = session.get(ShortLink, code)
    if link is None or link.expires_at <= now:
        return None
    return link.invoice_id, DeliveryKind(link.kind)
