"""The chat's traffic as staff watch it: messages a minute over the last hour with the outage
reports among them (the admin home's chart), and what is still waiting for an answer
(/healthz), so a storm is visible as it starts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from models import InboundMessage, OutageReport
from services.chat.chat_snapshot import OWED

SLICES = 12
SLICE = timedelta(minutes=5)
_MESSAGE = InboundMessage.__table__.c
_OUTAGE = OutageReport.__table__.c


@dataclass(frozen=True)
class Slice:
    """Five minutes of the last hour: when they started, messages and outage reports."""

    start: datetime
    messages: int
    outages: int

    @property
    def per_minute(self) -> float:
        """Messages a minute in this slice."""
        return self.messages / (SLICE.total_seconds() / 60)


def _counts(session: Session, column: object, starts: list[datetime], end: datetime) -> list[int]:
    """Rows whose `column` falls in each slice, in one indexed range scan."""
    bounds = [*starts, end]
    sums = [
        func.sum(case((and_(column >= low, column < high), 1), else_=0))  # type: ignore[operator]
        for low, high in itertools.pairwise(bounds)
    ]
    row = session.execute(select(*sums).where(column >= starts[0], column < end)).one()  # type: ignore[operator]
    return [int(value or 0) for value in row]


def last_hour(session: Session, now: datetime) -> list[Slice]:
    """The last hour in SLICES slices, oldest first; the last one ends now."""
    starts = [now - SLICE * (SLICES - n) for n in range(SLICES)]
    messages = _counts(session, _MESSAGE.received_at, starts, now)
    outages = _counts(session, _OUTAGE.created_at, starts, now)
    return [Slice(s, m, o) for s, m, o in zip(starts, messages, outages, strict=True)]


def oldest_unanswered_seconds(session: Session, now: datetime) -> float:
    """How long the oldest message still without all its answers has waited: deferred and
    not decided yet, or with replies not all sent through the REST API (0: none)."""
    oldest = session.scalar(select(func.min(_MESSAGE.received_at)).where(OWED))
    return max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
