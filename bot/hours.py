"""When people answer hand-offs: the setting `handoff_hours` ("seg-sex 08:00-18:00", several
ranges separated by ";", e.g. "seg-sex 08:00-18:00; sab 08:00-12:00") and the holidays
(`handoff_holidays`: "25/12/2026, 01/01/2027"), read in the distributor's local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

DAYS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")  # Monday first, as date.weekday()
_RANGE = re.compile(
    r"^\s*(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)
_HOLIDAY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


@dataclass(frozen=True)
class Window:
    """Weekdays (0 = Monday) and the hours people answer on them."""

    days: frozenset[int]
    start: time
    end: time


def _clock(text: str) -> time:
    """'08:00' -> 08:00; ValueError when it is no time of day ('24:00' is accepted as the end
    of the day)."""
    hours, minutes = (int(part) for part in text.split(":"))
    if (hours, minutes) == (24, 0):
        return time.max
    return time(hours, minutes)


def _plain(text: str) -> str:
    """Lower case, 'sáb' -> 'sab'."""
    return text.lower().replace("á", "a")


def parse_hours(spec: str) -> tuple[Window, ...]:
    """The windows of a `handoff_hours` value; ValueError with a reason for a bad one."""
    windows = []
    for part in filter(str.strip, _plain(spec).split(";")):
        found = _RANGE.match(part)
        if not found or found["first"] not in DAYS or (found["last"] or "seg") not in DAYS:
            raise ValueError(f"horário inválido: {part.strip()!r} (use 'seg-sex 08:00-18:00')")
        first = DAYS.index(found["first"])
        last = DAYS.index(found["last"] or found["first"])
        days = {d % 7 for d in range(first, last + 1 if last >= first else last + 8)}
        try:
            start, end = _clock(found["start"]), _clock(found["end"])
        except ValueError:
            raise ValueError(f"hora inválida em {part.strip()!r}") from None
        if start >= end:
            raise ValueError(f"horário inválido: {part.strip()!r} (o início vem antes do fim)")
        windows.append(Window(frozenset(days), start, end))
    return tuple(windows)


def parse_holidays(spec: str) -> frozenset[date]:
    """The dates of a `handoff_holidays` value; ValueError for a bad one."""
    days = set()
    for part in filter(str.strip, spec.split(",")):
        found = _HOLIDAY.match(part)
        if not found:
            raise ValueError(f"feriado inválido: {part.strip()!r} (use dd/mm/aaaa)")
        day, month, year = (int(g) for g in found.groups())
        days.add(date(year, month, day))
    return frozenset(days)


def is_open(windows: tuple[Window, ...], holidays: frozenset[date], when: datetime) -> bool:
    """True when people answer at `when` (local time). No windows: always."""
    if not windows:
        return True
    if when.date() in holidays:
        return False
    return any(when.weekday() in w.days and w.start <= when.time() < w.end for w in windows)


def next_opening(
    windows: tuple[Window, ...], holidays: frozenset[date], when: datetime
) -> datetime | None:
    """The next time people start answering after `when`, a closed moment (local time);
    None when no window opens in the next 30 days."""
    for offset in range(31):
        day = when.date() + timedelta(days=offset)
        if day in holidays:
            continue
        starts = sorted(
            datetime.combine(day, w.start, when.tzinfo) for w in windows if day.weekday() in w.days
        )
        for start in starts:
            if start >= when:
                return start
    return None
