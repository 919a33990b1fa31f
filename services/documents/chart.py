"""The 12-month consumption bar chart of the DANF3e.

Bars are two SVG paths (history and the current month), each bar one thick vertical stroke
(WeasyPrint parses path data in Python, number by number: a stroke is three numbers, a filled
rectangle five); the baseline is the element's CSS border. The kWh values and month labels
are two monospaced text lines above and below, each month centred in a 7-character slot
that matches a bar's width. Text inside SVG costs WeasyPrint a layout per label; two lines
of HTML text cost one each.
"""

from __future__ import annotations

from dataclasses import dataclass

SLOTS = 12
SLOT_CHARS = 7
WIDTH_MM = 90.0  # 12 slots of 7 characters of 5 pt DejaVu Sans Mono (0.6 em wide)
BARS_MM = 22.0
BAR_WIDTH = 0.7  # of a slot


@dataclass(frozen=True)
class Chart:
    """The chart's bars (SVG) and its two text lines."""

    svg: str
    values: str
    labels: str


def _bar(index: int, kwh: int, top: int) -> str:
    """One bar as a vertical line up from the base, in a 0..SLOTS × 0..100 box."""
    return f"M{index + 0.5:g} 100V{100 - 100 * kwh / top:.2f}"


def consumption_chart(months: list[tuple[str, int]]) -> Chart | None:
    """Bars of kWh per month, oldest first, right-aligned so the current month is last."""
    months = months[-SLOTS:]
    if not months:
        return None
    top = max(kwh for _, kwh in months) or 1
    offset = SLOTS - len(months)
    history = "".join(_bar(offset + i, kwh, top) for i, (_, kwh) in enumerate(months[:-1]))
    current = _bar(SLOTS - 1, months[-1][1], top)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH_MM}mm" height="{BARS_MM}mm" '
        f'viewBox="0 0 {SLOTS} 100" preserveAspectRatio="none">'
        f'<path stroke="#8fb3d9" stroke-width="{BAR_WIDTH}" d="{history or "M0 0"}"/>'
        f'<path stroke="#1f4e79" stroke-width="{BAR_WIDTH}" d="{current}"/></svg>'
    )
    pad = " " * SLOT_CHARS * offset
    values = pad + "".join(f"{kwh:^{SLOT_CHARS}}" for _, kwh in months)
    labels = pad + "".join(f"{label:^{SLOT_CHARS}}" for label, _ in months)
    return Chart(svg=svg, values=values, labels=labels)
