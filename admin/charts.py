"""The admin home's small charts, drawn as inline SVG (no script, no external library): the
geometry of each bar, worked out here so the template only places rectangles and labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.core import formats
from services.core.clock import LOCAL_TZ

WIDTH, HEIGHT = 300, 90  # the viewBox of each chart
LABEL = 14  # room for the labels under the bars
TOP = 12  # room for a value over the tallest bar


@dataclass(frozen=True)
class Bar:
    """One bar: its box, the label under it, the value over it and the tooltip (`<title>`)."""

    x: float
    y: float
    width: float
    height: float
    label: str
    title: str
    value: str = ""


def _columns(
    values: list[float], labels: list[str], titles: list[str], shown: list[str] | None = None
) -> list[Bar]:
    """Vertical bars of `values` side by side, scaled to the tallest; `shown`: the value
    written over each bar (none by default)."""
    top = max(values, default=0) or 1
    step = WIDTH / max(len(values), 1)
    room = HEIGHT - LABEL - TOP
    shown = shown or [""] * len(values)
    bars = []
    for n, (value, label, title, text) in enumerate(
        zip(values, labels, titles, shown, strict=True)
    ):
        height = round(room * value / top, 2)
        x, width = round(n * step + step * 0.15, 2), round(step * 0.7, 2)
        bars.append(Bar(x, round(TOP + room - height, 2), width, height, label, title, text))
    return bars


def per_day(days: list[tuple[date, int]]) -> list[Bar]:
    """Hand-offs opened per day; Mondays are labelled."""
    labels = [day.strftime("%d/%m") if day.weekday() == 0 else "" for day, _ in days]
    titles = [f"{formats.day(day)}: {count} aberto(s)" for day, count in days]
    return _columns([float(count) for _, count in days], labels, titles)


def ratings(counts: list[int]) -> list[Bar]:
    """How many consumers gave each mark, 1 to 5."""
    titles = [f"nota {mark}: {count} resposta(s)" for mark, count in enumerate(counts, start=1)]
    labels = [f"nota {mark}" for mark in range(1, 6)]
    return _columns([float(c) for c in counts], labels, titles, [str(c) for c in counts])


def first_answer(median: float | None, p90: float | None) -> list[Bar]:
    """The median and the 90th percentile of the time to the first answer, in minutes."""
    values = [(median or 0) / 60, (p90 or 0) / 60]
    titles = [f"mediana: {values[0]:.0f} min", f"90º percentil: {values[1]:.0f} min"]
    shown = [f"{value:.0f} min" if seconds is not None else "—"
             for value, seconds in zip(values, (median, p90), strict=True)]  # fmt: skip
    return _columns(values, ["mediana", "90% em até"], titles, shown)


@dataclass(frozen=True)
class Stacked:
    """A bar of all messages with the outage reports among them stacked at its foot."""

    bar: Bar
    outage: Bar


def message_rate(slices: list[tuple[datetime, int, int]], minutes: int) -> list[Stacked]:
    """Messages a minute in each slice of the last hour (start, messages, outage reports),
    outage reports stacked at the foot of each bar; every third slice labelled HH:MM."""
    rates = [messages / minutes for _, messages, _ in slices]
    labels = [f"{start.astimezone(LOCAL_TZ):%H:%M}" if n % 3 == 0 else ""
              for n, (start, _, _) in enumerate(slices)]  # fmt: skip
    titles = [f"{start.astimezone(LOCAL_TZ):%H:%M}: {messages} mensagem(ns), "
              f"{outages} falta(s) de energia"
              for start, messages, outages in slices]  # fmt: skip
    bars = _columns(rates, labels, titles)
    top = max(rates, default=0) or 1
    room = HEIGHT - LABEL - TOP
    stacked = []
    for bar, (_, _, outages) in zip(bars, slices, strict=True):
        height = round(room * outages / minutes / top, 2)
        foot = Bar(bar.x, round(TOP + room - height, 2), bar.width, height, "", bar.title)
        stacked.append(Stacked(bar, foot))
    return stacked
