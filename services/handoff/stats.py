"""The admin home's figures for hand-offs opened in the last 30 days: how many (per local
day, for the chart), the median and 90th-percentile time to the first staff answer, and the
consumers' satisfaction (average, how many answered, how many gave each mark)."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Handoff
from services.core.clock import LOCAL_TZ

DAYS = 30


@dataclass(frozen=True)
class HandoffStats:
    """Hand-offs opened in the `DAYS` local days up to today."""

    opened: int
    per_day: list[tuple[date, int]]  # oldest first, one entry per day
    answered: int
    median_seconds: float | None
    p90_seconds: float | None
    rated: int
    rating_average: float | None
    ratings: list[int]  # how many gave 1, 2, 3, 4 and 5


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (a value that really occurred); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def last_30_days(session: Session, now: datetime) -> HandoffStats:
    """The figures of the hand-offs opened since the start of the local day 29 days ago."""
    today = now.astimezone(LOCAL_TZ).date()
    first = today - timedelta(days=DAYS - 1)
    since = datetime.combine(first, datetime.min.time(), LOCAL_TZ)
    rows = session.execute(
        select(Handoff.created_at, Handoff.first_answer_at, Handoff.rating).where(
            Handoff.created_at >= since
        )
    ).all()
    per_day = dict.fromkeys((first + timedelta(days=n) for n in range(DAYS)), 0)
    waits, marks = [], []
    for created, answered, rating in rows:
        day = created.astimezone(LOCAL_TZ).date()
        if day in per_day:
            per_day[day] += 1
        if answered is not None:
            waits.append(max(0.0, (answered - created).total_seconds()))
        if rating is not None and 1 <= rating <= 5:
            marks.append(rating)
    return HandoffStats(
        opened=len(rows),
        per_day=list(per_day.items()),
        answered=len(waits),
        median_seconds=statistics.median(waits) if waits else None,
        p90_seconds=percentile(waits, 0.9),
        rated=len(marks),
        rating_average=statistics.fmean(marks) if marks else None,
        ratings=[marks.count(mark) for mark in range(1, 6)],
    )
