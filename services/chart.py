"""The 12-month consumption bar chart of the DANF3e, drawn as one small inline SVG."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, BAR_AREA = 90.0, 32.0, 24.0


def consumption_svg(
    months: list[tuple[str, int]], *, width_mm: float = WIDTH, height_mm: float = HEIGHT
) -> str:
    """Bars of kWh per month (oldest first, the last highlighted), labels below, values above."""
    months = months[-12:]
    if not months:
        return ""
    top = max(kwh for _, kwh in months) or 1
    slot = WIDTH / 12
    bars, labels = [], []
    for index, (label, kwh) in enumerate(months):
        x = index * slot + slot * 0.15
        bar = BAR_AREA * kwh / top
        y = 4 + BAR_AREA - bar
        fill = "#1f4e79" if index == len(months) - 1 else "#8fb3d9"
        bars.append(
            f'<rect x="{x:.2f}" y="{y:.2f}" width="{slot * 0.7:.2f}" '
            f'height="{bar:.2f}" fill="{fill}"/>'
        )
        labels.append(
            f'<text x="{x + slot * 0.35:.2f}" y="{y - 0.6:.2f}">{kwh}</text>'
            f'<text x="{x + slot * 0.35:.2f}" y="{HEIGHT - 0.5:.2f}">'
            f"{escape(label)}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_mm}mm" height="{height_mm}mm" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-size="1.9" text-anchor="middle" '
        f'font-family="DejaVu Sans, sans-serif">'
        f'<line x1="0" y1="{4 + BAR_AREA}" x2="{WIDTH}" y2="{4 + BAR_AREA}" stroke="#555" '
        f'stroke-width="0.2"/>{"".join(bars)}{"".join(labels)}</svg>'
    )
