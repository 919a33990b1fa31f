"""QR code (e.g. the PIX payload) as an inline SVG sized in millimetres, drawn by segno."""

from __future__ import annotations

import segno

from billing.png import BLACK, WHITE, grey_png

QUIET_MODULES = 4
PIXEL = bytes.maketrans(bytes([0, 1]), bytes([WHITE, BLACK]))  # segno: 1 dark, 0 light
SVG_NS = "http://www.w3.org/2000/svg"


def qr_svg(data: str, *, size_mm: float = 35.0) -> str:
    """An inline <svg> of `size_mm` × `size_mm` (quiet zone included), error level M."""
    if not isinstance(data, str) or not data:
        raise ValueError("QR data must be a non-empty string")
    if size_mm <= 0:
        raise ValueError(f"size_mm must be positive, got {size_mm}")
    code = segno.make(data, error="m", boost_error=False, micro=False)
    width, _ = code.symbol_size(scale=1, border=QUIET_MODULES)
    svg = code.svg_inline(scale=size_mm / width, border=QUIET_MODULES, unit="mm")
    return svg.replace("<svg ", f'<svg xmlns="{SVG_NS}" ', 1)  # usable standalone too


def qr_png(data: str) -> bytes:
    """The same QR as a greyscale PNG of one pixel per module (quiet zone included).

    WeasyPrint parses SVG paths in Python; a tiny PNG drawn with `image-rendering: pixelated`
    costs nothing to lay out and stays crisp at any size. The mask is fixed (any of the eight
    is valid per ISO/IEC 18004): scoring all eight is 80% of segno's time for a PIX payload.
    """
    if not isinstance(data, str) or not data:
        raise ValueError("QR data must be a non-empty string")
    matrix = segno.make(data, error="m", boost_error=False, micro=False, mask=0).matrix
    quiet = bytes([WHITE]) * QUIET_MODULES
    blank = quiet * 2 + bytes([WHITE]) * len(matrix[0])
    rows = [quiet + bytes(row).translate(PIXEL) + quiet for row in matrix]
    return grey_png([blank] * QUIET_MODULES + rows + [blank] * QUIET_MODULES)
