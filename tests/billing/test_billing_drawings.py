"""ITF and QR drawings: PNG structure, an in-test ITF decoder, a real print-and-scan."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest

from billing.itf import PATTERNS, itf_png
from billing.png import grey_png
from billing.qr import QUIET_MODULES, qr_png
from tests.support.readback import needs_tools, scan_pdf

BARCODE = "83680000002455001382026041500000000123456789"
PIX = (
    "00020126360014br.gov.bcb.pix0114123456780001955204000053039865406245.505802BR"
    "5924DISTRIBUIDORA ENERGIA SA6014BELO HORIZONTE62190515FAT20260400012363040744"
)


def decode_itf(bars: list[tuple[int, int]]) -> str:
    """Read digits back from the bars' (x, width) in modules (start NNNN, pairs, stop WNN)."""
    widths = []
    for (x, width), (next_x, _) in zip(bars, [*bars[1:], (0, 0)], strict=True):
        widths.append(width)
        if next_x:
            widths.append(next_x - x - width)
    assert widths[:4] == [1, 1, 1, 1] and widths[-3:] == [3, 1, 1]
    letters = "".join("W" if w == 3 else "N" for w in widths[4:-3])
    by_pattern = {pattern: digit for digit, pattern in PATTERNS.items()}
    digits = ""
    for i in range(0, len(letters), 10):
        pair = letters[i : i + 10]
        digits += by_pattern[pair[0::2]] + by_pattern[pair[1::2]]
    return digits


def bars_of(png: bytes) -> list[tuple[int, int]]:
    """(x, width) of every bar (black pixel run) of the one-pixel-high PNG, for decode_itf."""
    image = pytest.importorskip("PIL.Image").open(io.BytesIO(png))
    assert image.height == 1 and image.mode == "L"
    pixels = [image.getpixel((x, 0)) for x in range(image.width)]
    runs, x = [], 0
    while x < len(pixels):
        end = x
        while end < len(pixels) and pixels[end] == pixels[x]:
            end += 1
        if not pixels[x]:
            runs.append((x, end - x))
        x = end
    return runs


def test_itf_png_is_one_pixel_per_module_and_decodes_back() -> None:
    """405 modules for 44 digits, 1 px high, starting and ending with a bar."""
    png = itf_png(BARCODE)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(bars_of(png)) == 2 + 22 * 5 + 2
    assert decode_itf(bars_of(png)) == BARCODE
    assert decode_itf(bars_of(itf_png("0123456789"))) == "0123456789"


def test_qr_png_is_greyscale_with_a_quiet_zone() -> None:
    """One pixel per module, 4 white modules around, dark modules black."""
    image = pytest.importorskip("PIL.Image").open(io.BytesIO(qr_png(PIX)))
    assert image.mode == "L" and image.width == image.height
    corner = QUIET_MODULES  # the finder pattern's corner, after the quiet zone
    assert image.getpixel((corner - 1, corner - 1)) == 255 and image.getpixel((corner, corner)) == 0
    assert set(image.tobytes()) == {0, 255}
    assert all(image.getpixel((x, image.height - 1)) == 255 for x in range(image.width))
    with pytest.raises(ValueError, match="non-empty"):
        qr_png("")


# Format information beside the top-left finder (ISO/IEC 18004 §7.9), most significant bit first.
FORMAT_CELLS = [(8, c) for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [(r, 8) for r in (7, 5, 4, 3, 2, 1, 0)]
FORMAT_MASK = 0b101010000010010
LEVELS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}


@pytest.mark.parametrize("data", [PIX, "https://dfe-portal.svrs.rs.gov.br/nf3e/qrCode?chNF3e=1"])
def test_qr_codes_are_error_correction_level_m(data: str) -> None:
    """The level the symbol itself declares, read from its format bits: M, as PIX asks."""
    image = pytest.importorskip("PIL.Image").open(io.BytesIO(qr_png(data)))
    bits = 0
    for row, column in FORMAT_CELLS:
        dark = image.getpixel((QUIET_MODULES + column, QUIET_MODULES + row)) == 0
        bits = bits << 1 | dark
    assert LEVELS[(bits ^ FORMAT_MASK) >> 13] == "M"


def test_grey_png_needs_rows_of_one_length() -> None:
    with pytest.raises(ValueError, match="one length"):
        grey_png([b"\x00\x00", b"\x00"])
    with pytest.raises(ValueError, match="one pixel"):
        grey_png([])


@pytest.mark.parametrize("bad", ["", "123", "12a4", "１２"])
def test_itf_needs_an_even_number_of_digits(bad: str) -> None:
    """Interleaving needs pairs of ASCII digits."""
    with pytest.raises(ValueError, match="even number"):
        itf_png(bad)


def data_uri(png: bytes) -> str:
    """The PNG as a data: URI for an <img>."""
    return "data:image/png;base64," + base64.b64encode(png).decode()


def scan(tmp_path: Path, html: str) -> list[str]:
    """Render HTML with WeasyPrint, rasterise at 300 dpi and return zbarimg's symbols."""
    weasyprint = pytest.importorskip("weasyprint")
    return scan_pdf(weasyprint.HTML(string=html).write_pdf(), tmp_path)


@needs_tools
def test_printed_slip_scans_back(tmp_path: Path) -> None:
    """A WeasyPrint page with both drawings scans back to exactly the barcode and payload."""
    html = (
        "<html><head><style>@page { size: A4; margin: 15mm } img { image-rendering: pixelated }"
        "</style></head><body><p>Linha digitável</p>"
        f"<img src='{data_uri(itf_png(BARCODE))}' style='width: 103mm; height: 13mm; "
        "margin: 0 5mm'>"
        f"<div style='margin-top: 10mm'><img src='{data_uri(qr_png(PIX))}' "
        "style='width: 35mm; height: 35mm'></div></body></html>"
    )
    symbols = scan(tmp_path, html)
    assert sorted(symbols) == sorted([f"I2/5:{BARCODE}", f"QR-Code:{PIX}"])


@needs_tools
def test_the_png_barcode_scans_back_at_print_size(tmp_path: Path) -> None:
    """The 1-px PNG stretched to 103 × 13 mm without smoothing reads back alone."""
    uri = data_uri(itf_png(BARCODE))
    html = (
        "<html><body style='margin: 15mm'><img src='" + uri + "' style='width: 103mm; "
        "height: 13mm; image-rendering: pixelated; margin-left: 5mm'></body></html>"
    )
    assert scan(tmp_path, html) == [f"I2/5:{BARCODE}"]
