"""Writes the document fonts: DejaVu Sans and Sans Mono (regular, bold) cut to the characters
of Western European text, from the system's copies (Debian: fonts-dejavu-core).

WeasyPrint subsets each font it embeds, once per document; from these ~30 KB files that takes
a fifth of what it takes from the full ~700 KB ones. Characters outside the cut fall back to
the system's DejaVu (document.css lists it after these families).

    .venv/bin/python templates/pdf/fonts/subset.py [/usr/share/fonts/truetype/dejavu]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

HERE = Path(__file__).resolve().parent
FONTS = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono", "DejaVuSansMono-Bold")
UNICODES = (
    "U+0020-007E,U+00A0-017F,U+0192,U+02C6-02DC,U+2010-205E,U+20A0-20CF,U+2122,"
    "U+2190-2199,U+2702,U+FFFD"
)  # ASCII, Latin-1 and Extended-A, accents, punctuation (— · …), currency, arrows, ✂


def main() -> None:
    """Subset the four fonts into this folder."""
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    for name in FONTS:
        subset.main(
            [
                str(source / f"{name}.ttf"),
                f"--unicodes={UNICODES}",
                "--layout-features=*",
                "--no-hinting",
                "--drop-tables+=FFTM",
                f"--output-file={HERE / f'{name}-subset.ttf'}",
            ]
        )
        print(f"{name}-subset.ttf")


if __name__ == "__main__":
    main()
