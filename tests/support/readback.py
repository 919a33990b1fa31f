"""Reading documents back as a person or a bank app would: text via pdftotext, symbols via
a 300 dpi rasterisation (pdftoppm) decoded by zbarimg."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_tools = pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="zbarimg/pdftoppm/pdftotext missing: `make test` installs zbar-tools and poppler-utils",
)


def scan_pdf(pdf: bytes, folder: Path) -> list[str]:
    """Every symbol zbarimg finds on the PDF's pages, as `TYPE:data` lines."""
    path = folder / "scan.pdf"
    path.write_bytes(pdf)
    prefix = str(folder / "page")
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", str(path), prefix],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pages = sorted(str(p) for p in folder.glob("page*.png"))
    found = subprocess.run(
        ["zbarimg", "-q", *pages], check=False, capture_output=True, text=True, timeout=60
    )
    assert found.returncode in (0, 4), found.stderr  # 4: no symbol found
    return found.stdout.splitlines()


def pdf_text(pdf: bytes, folder: Path) -> str:
    """The PDF's text in reading order (pdftotext -layout)."""
    path = folder / "text.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout
