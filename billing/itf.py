"""Interleaved 2 of 5 (ITF) barcode, as printed on Brazilian bills: one SVG path, or a
one-pixel-high PNG of one pixel per module for fast PDF embedding."""

from __future__ import annotations

from billing._digits import is_digits
from billing.png import BLACK, WHITE, grey_png

NARROW, WIDE = 1, 3
# Narrow (N) / wide (W) pattern of each digit's five elements.
PATTERNS = {
    "0": "NNWWN", "1": "WNNNW", "2": "NWNNW", "3": "WWNNN", "4": "NNWNW",
    "5": "WNWNN", "6": "NWWNN", "7": "NNNWW", "8": "WNNWN", "9": "NWNWN",
}  # fmt: skip
START = "NNNN"  # bar, space, bar, space
STOP = "WNN"  # bar, space, bar


def _elements(digits: str) -> list[int]:
    """Alternating bar/space widths in modules, starting and ending with a bar."""
    letters = START
    for i in range(0, len(digits), 2):
        bars, spaces = PATTERNS[digits[i]], PATTERNS[digits[i + 1]]
        letters += "".join(b + s for b, s in zip(bars, spaces, strict=True))
    letters += STOP
    return [WIDE if letter == "W" else NARROW for letter in letters]


def _checked(digits: str) -> list[int]:
    """The element widths of `digits`, which must be an even number of ASCII digits."""
    if not isinstance(digits, str) or not is_digits(digits) or len(digits) % 2:
        raise ValueError(f"ITF needs a non-empty, even number of ASCII digits, got {digits!r}")
    return _elements(digits)


def _path_data(elements: list[int], height: float) -> str:
    """One subpath per bar ('M x 0 h w v h h -w z'); spaces just advance x."""
    parts, x = [], 0
    for index, width in enumerate(elements):
        if index % 2 == 0:
            parts.append(f"M{x} 0h{width}v{_num(height)}h-{width}z")
        x += width
    return "".join(parts)


def _num(value: float) -> str:
    """Compact decimal for SVG attributes (at most 4 decimals, no trailing zeros)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def itf_svg(
    digits: str, *, width_mm: float = 103.0, height_mm: float = 13.0, quiet_mm: float = 5.0
) -> str:
    """An inline <svg>: bars span `width_mm`, plus `quiet_mm` of blank on each side."""
    elements = _checked(digits)
    if min(width_mm, height_mm) <= 0 or quiet_mm < 0:
        raise ValueError("width and height must be positive and the quiet zone not negative")
    modules = sum(elements)
    module_mm = width_mm / modules
    quiet = quiet_mm / module_mm
    height = height_mm / module_mm
    box = f"{_num(-quiet)} 0 {_num(modules + 2 * quiet)} {_num(height)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width_mm + 2 * quiet_mm)}mm"'
        f' height="{_num(height_mm)}mm" viewBox="{box}" shape-rendering="crispEdges">'
        f'<path fill="#000" d="{_path_data(elements, height)}"/></svg>'
    )


def itf_png(digits: str) -> bytes:
    """The bars as a greyscale PNG one pixel high, one pixel per module, without quiet zone.

    Stretched with `image-rendering: pixelated` it prints as crisply as the SVG, and WeasyPrint
    embeds it as is instead of parsing a path of some 120 sub-paths in Python.
    """
    row = bytearray()
    for index, width in enumerate(_checked(digits)):
        row += bytes([WHITE if index % 2 else BLACK]) * width
    return grey_png([bytes(row)])
