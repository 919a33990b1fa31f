"""The 12-month consumption bar chart of the DANF3e.

Bars are two SVG paths (history and the current month); the kWh values and month labels
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


@dataclass(frozen=True)
class Chart:
    """The chart's bars (SVG) and its two text lines."""

    svg: str
    values: str
    labels: str


def _bar(index: int, kwh: int, top: int) -> str:
    """One bar as a closed sub-path, in a 0..SLOTS × 0..100 box."""
    height = 100 * kwh / top
    return f"M{index + 0.15:.2f} {100 - height:.2f}h0.7V100h-0.7z"


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
        f'<path fill="#8fb3d9" d="{history or "M0 0"}"/><path fill="#1f4e79" d="{current}"/>'
        f'<path stroke="#555" stroke-width="0.6" vector-effect="non-scaling-stroke" '
        f'd="M0 100H{SLOTS}"/></svg>'
    )
    pad = " " * SLOT_CHARS * offset
    values = pad + "".join(f"{kwh:^{SLOT_CHARS}}" for _, kwh in months)
    labels = pad + "".join(f"{label:^{SLOT_CHARS}}" for label, _ in months)
    return Chart(svg=svg, values=values, labels=labels)
