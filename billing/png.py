"""A minimal PNG writer for the drawings: 8-bit greyscale, no filtering.

WeasyPrint embeds a greyscale PNG as it is (one Pillow pass for its PDF stream); a 1-bit one
is first converted to RGB and re-encoded, which costs a millisecond per image.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

SIGNATURE = b"\x89PNG\r\n\x1a\n"
BLACK, WHITE = 0, 255


def grey_png(rows: Iterable[bytes]) -> bytes:
    """A PNG of `rows`, all of one length, one byte per pixel (0 black … 255 white)."""
    rows = list(rows)
    if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("a PNG needs at least one pixel and rows of one length")
    header = struct.pack(">IIBBBBB", len(rows[0]), len(rows), 8, 0, 0, 0, 0)
    data = zlib.compress(b"".join(b"\x00" + row for row in rows))  # filter 0 on every row
    chunks = ((b"IHDR", header), (b"IDAT", data), (b"IEND", b""))
    return SIGNATURE + b"".join(_chunk(kind, body) for kind, body in chunks)


def _chunk(kind: bytes, body: bytes) -> bytes:
    """One chunk: length, type, data and CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
