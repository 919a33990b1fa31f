"""Payments from return files that matched no invoice: the API's list and the admin page's."""

from __future__ import annotations

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from models import ReturnFile, UnknownPayment


def newest(session: Session, limit: int) -> list[Row[tuple[UnknownPayment, str]]]:
    """The newest unknown payments, each with the name of the file it came in."""
    query = (
        select(UnknownPayment, ReturnFile.filename)
        .join(ReturnFile, ReturnFile.id == UnknownPayment.return_file_id)
        .order_by(UnknownPayment.id.desc())
        .limit(limit)
    )
    return list(session.execute(query).all())
