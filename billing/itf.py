"""Interleaved 2 of 5 (ITF) barcode, as printed on Brazilian bills: a one-pixel-high PNG of
one pixel per module, for fast PDF embedding."""

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


def itf_png(digits: str) -> bytes:
    """The bars as a greyscale PNG one pixel high, one pixel per module, without quiet zone.

    Stretched with `image-rendering: pixelated` it prints crisply, and WeasyPrint embeds it as
    is instead of parsing a path of some 120 sub-paths in Python.
    """
    row = bytearray()
    for index, width in enumerate(_checked(digits)):
        row += bytes([WHITE if index % 2 else BLACK]) * width
    return grey_png([bytes(row)])
