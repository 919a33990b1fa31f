"""QR codes (the PIX payload, the NF3e consultation URL) as PNGs for the documents.

The symbol is built by zxing-cpp, a C++ library (its encoder is zint's): ~0.3 ms for a PIX
payload where segno, in pure Python, took ~1.2 ms even with a fixed mask. It also splits the
data into segments (digits apart from text), so a 150-character PIX payload fits version 7
(45 modules) where segno needed version 8 (49): bigger modules on paper, an easier scan.
"""

from __future__ import annotations

import zxingcpp

from billing.png import grey_png

QUIET_MODULES = 4  # zxing-cpp's quiet zone, as ISO/IEC 18004 asks (tests check it)


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
