"""QR code (e.g. the PIX payload) as an inline SVG sized in millimetres, drawn by segno."""

from __future__ import annotations

import io

import segno

QUIET_MODULES = 4
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
    """The same QR as a 1-pixel-per-module PNG (quiet zone included), for fast PDF embedding.

    WeasyPrint parses SVG paths in Python; a tiny PNG drawn with `image-rendering: pixelated`
    costs nothing to lay out and stays crisp at any size. The mask is fixed (any of the eight
    is valid per ISO/IEC 18004): scoring all eight is 80% of segno's time for a PIX payload.
    """
    if not isinstance(data, str) or not data:
        raise ValueError("QR data must be a non-empty string")
    buffer = io.BytesIO()
    segno.make(data, error="m", boost_error=False, micro=False, mask=0).save(
        buffer, kind="png", scale=1, border=QUIET_MODULES
    )
    return buffer.getvalue()
