"""Photographs of documents as a phone takes them: the rendered PDF rasterised (pdftoppm),
scaled, turned a few degrees and compressed, or a picture of nothing at all."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw


def page_image(pdf: bytes, dpi: int = 150) -> Image.Image:
    """The PDF's first page as an RGB image."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        prefix = str(Path(folder) / "page")
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(path),
                        prefix], check=True, capture_output=True, timeout=60)  # fmt: skip
        (page,) = sorted(Path(folder).glob("page*.png"))
        return Image.open(page).convert("RGB")


def photograph(image: Image.Image, *, width: int = 1600, degrees: float = 3.0,
               fmt: str = "JPEG", quality: int = 80) -> bytes:  # fmt: skip
    """The image as a phone would send it: on a grey table, turned, scaled, compressed."""
    turned = image.rotate(degrees, expand=True, fillcolor=(120, 120, 120),
                          resample=Image.Resampling.BICUBIC)  # fmt: skip
    scaled = turned.resize((width, round(turned.height * width / turned.width)))
    out = io.BytesIO()
    if fmt == "JPEG":
        scaled.save(out, "JPEG", quality=quality)
    else:
        scaled.save(out, fmt)
    return out.getvalue()


def blank_photo(width: int = 1600, height: int = 1200) -> bytes:
    """A JPEG of a page with words and no code."""
    image = Image.new("RGB", (width, height), (235, 230, 220))
    draw = ImageDraw.Draw(image)
    for row in range(40, height, 60):
        draw.text((60, row), "Lorem ipsum dolor sit amet, consectetur adipiscing elit", fill=0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
