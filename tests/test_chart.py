"""The 12-month consumption chart: a bar per month, as tall as its kWh, the current one apart."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from services.documents.chart import BAR_WIDTH, SLOT_CHARS, SLOTS, consumption_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def paths(svg: str) -> list[ElementTree.Element]:
    """The chart's <path> elements: history first, then the current month."""
    return ElementTree.fromstring(svg).findall("svg:path", NS)  # noqa: S314 (our own SVG)


def strokes(svg: str) -> list[tuple[str | None, str | None]]:
    """(colour, width) of each path's stroke."""
    return [(p.get("stroke"), p.get("stroke-width")) for p in paths(svg)]


def bars(svg: str) -> list[list[tuple[float, float]]]:
    """(slot centre, top) of every bar, per path: history first, then the current month."""
    return [
        [(float(x), float(top)) for x, top in re.findall(r"M([\d.]+) 100V([\d.]+)", p.get("d"))]
        for p in paths(svg)
    ]


def test_each_month_is_a_bar_as_tall_as_its_consumption() -> None:
    """12 months: 11 history bars and the current one, the largest reaching the top."""
    months = [(f"M{i:02d}", 100 + 10 * i) for i in range(12)]
    chart = consumption_chart(months)
    assert chart is not None
    history, current = bars(chart.svg)
    assert [x for x, _ in history] == [i + 0.5 for i in range(11)]
    assert current == [(11.5, 0.0)]  # 210 kWh is the maximum: full height
    (history_colour, history_width), (current_colour, current_width) = strokes(chart.svg)
    assert float(history_width) == float(current_width) == BAR_WIDTH  # of a 1-wide slot
    assert history_colour and current_colour and history_colour != current_colour
    for (_, top), (_, kwh) in zip(history, months, strict=False):
        assert 100 - top == pytest.approx(100 * kwh / 210, abs=0.01)


def test_a_short_history_is_right_aligned_with_its_labels() -> None:
    """Three months take the last three slots; values and labels line up under them."""
    chart = consumption_chart([("SET26", 200), ("OUT26", 100), ("NOV26", 50)])
    assert chart is not None
    history, current = bars(chart.svg)
    assert [x for x, _ in history] == [SLOTS - 2.5, SLOTS - 1.5]
    assert current == [(SLOTS - 0.5, 75.0)]
    assert chart.labels.split() == ["SET26", "OUT26", "NOV26"]
    assert chart.values.split() == ["200", "100", "50"]
    slots = [SLOTS - 3, SLOTS - 2, SLOTS - 1]  # of SLOT_CHARS characters each
    assert [chart.labels.index(text) // SLOT_CHARS for text in ("SET26", "OUT26", "NOV26")] == slots
    assert [chart.values.index(text) // SLOT_CHARS for text in ("200", "100", " 50")] == slots


def test_no_history_no_chart() -> None:
    assert consumption_chart([]) is None
