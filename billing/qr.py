"""QR codes (the PIX payload, the NF3e consultation URL): a PNG for documents, an inline SVG.

The symbol is built by zxing-cpp, a C++ library (its encoder is zint's): ~0.3 ms for a PIX
payload where segno, in pure Python, took ~1.2 ms even with a fixed mask. It also splits the
data into segments (digits apart from text), so a 150-character PIX payload fits version 7
(45 modules) where segno needed version 8 (49): bigger modules on paper, an easier scan.
"""

from __future__ import annotations

import re

import zxingcpp

from billing.png import grey_png

QUIET_MODULES = 4  # zxing-cpp's quiet zone, as ISO/IEC 18004 asks (tests check it)
SVG_NS = "http://www.w3.org/2000/svg"
DARK_RUN = re.compile(rb"\x00+")


def qr_modules(data: str) -> list[bytes]:
    """The symbol at error level M, a row of bytes per line of modules (0 dark, 255 light),
    quiet zone included."""
    if not isinstance(data, str) or not data:
        raise ValueError("QR data must be a non-empty string")
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(symbol.to_image(scale=1, add_quiet_zones=True))
    return [bytes(row) for row in image.tolist()]


def qr_png(data: str) -> bytes:
    """The QR as a greyscale PNG of one pixel per module (quiet zone included).

    WeasyPrint parses SVG paths in Python; a tiny PNG drawn with `image-rendering: pixelated`
    costs next to nothing to lay out and stays crisp at any size.
    """
    return grey_png(qr_modules(data))


def qr_svg(data: str, *, size_mm: float = 35.0) -> str:
    """An inline <svg> of `size_mm` × `size_mm` (quiet zone included): one path, a sub-path
    per run of dark modules in a row."""
    if size_mm <= 0:
        raise ValueError(f"size_mm must be positive, got {size_mm}")
    rows = qr_modules(data)
    runs = "".join(
        f"M{run.start()} {y}h{len(run[0])}v1h-{len(run[0])}z"
        for y, row in enumerate(rows)
        for run in DARK_RUN.finditer(row)
    )
    side = len(rows)
    return (
        f'<svg xmlns="{SVG_NS}" width="{size_mm:g}mm" height="{size_mm:g}mm" '
        f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges"><path d="{runs}"/></svg>'
    )
