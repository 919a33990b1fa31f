"""The 12-month consumption bar chart of the DANF3e.

Bars are two SVG paths (history and the current month), each bar one thick vertical stroke
(WeasyPrint parses path data in Python, number by number: a stroke is three numbers, a filled
rectangle five); the baseline is the element's CSS border. The kWh values and month labels
are two monospaced text lines above and below, each month centred in a 7-character slot
that matches a bar's width. Text inside SVG costs WeasyPrint a layout per label; two lines
of HTML text cost one each.

Mail clients draw no SVG (Gmail drops it), so the invoice e-mail gets the same bars, in
the same colours, as `mail_bars`: heights in pixels for table cells, plus a row of blocks
for the plain-text part.
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


MAIL_BAR_PX = 64  # the tallest bar of the e-mail's chart
TEXT_BAR_CHARS = 20  # the longest bar of the plain-text chart


@dataclass(frozen=True)
class MailBar:
    """One month of the e-mail's chart: month, year, kWh, heights, and whether it is this
    invoice's month (drawn darker, as on the PDF)."""

    month: str
    year: str
    kwh: int
    height_px: int
    text_bar: str
    current: bool


def mail_bars(months: list[tuple[str, int]]) -> list[MailBar]:
    """The chart of `consumption_chart` as table cells: up to 12 months, oldest first."""
    months = months[-SLOTS:]
    top = max((kwh for _, kwh in months), default=0) or 1
    return [
        MailBar(
            month=label[:3],
            year=label[3:],
            kwh=kwh,
            height_px=max(2, round(MAIL_BAR_PX * kwh / top)) if kwh > 0 else 0,
            text_bar="█" * max(1, round(TEXT_BAR_CHARS * kwh / top)) if kwh > 0 else "",
            current=index == len(months) - 1,
        )
        for index, (label, kwh) in enumerate(months)
    ]
