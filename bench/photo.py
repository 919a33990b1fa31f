"""Benchmark of reading a photographed bill: the demo's DANF3e rendered, rasterised at 200
dpi, turned 3 degrees and laid whole on a grey 1600×1200 JPEG (quality 80), as a phone
photographs a bill on a table; then `symbols` (Pillow decode, grey, zxing-cpp ITF + QR) and
the match to the invoice are timed N times (default 50). Last line:
`ms_per_photo=<x> symbols=<n>`. Goal: ≤ 150 ms.

    .venv/bin/python bench/photo.py [-n 50]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from sqlalchemy import select  # noqa: E402

import migrations  # noqa: E402
from models import Database, DeliveryKind, Invoice  # noqa: E402
from services.chat.photo_codes import finding, symbols  # noqa: E402
from services.core.clock import LOCAL_TZ  # noqa: E402
from services.core.storage import LocalStorage  # noqa: E402
from services.documents.documents import ensure_document  # noqa: E402
from services.erp.demo import load_demo  # noqa: E402
from tests.support.photos import page_image  # noqa: E402

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL_TZ)


def photo_of(pdf: bytes) -> bytes:
    """A 1600×1200 JPEG of the whole page lying on a grey table, turned 3 degrees."""
    page = page_image(pdf, dpi=200).rotate(3, expand=True, fillcolor=(120, 120, 120))
    scaled = page.resize((round(page.width * 1200 / page.height), 1200))
    framed = Image.new("RGB", (1600, 1200), (120, 120, 120))
    framed.paste(scaled, ((1600 - scaled.width) // 2, 0))
    out = io.BytesIO()
    framed.save(out, "JPEG", quality=80)
    return out.getvalue()


def main() -> None:
    """Set up the demo, render and photograph a bill, time the readings, print the figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/bench.sqlite3")
        migrations.upgrade(db.engine)
        with db.session() as session:
            load_demo(session, TODAY)
            session.commit()
            invoice = session.scalars(select(Invoice).order_by(Invoice.id.desc())).first()
            pdf = ensure_document(session, invoice.id, DeliveryKind.SECOND_COPY,
                                  LocalStorage(Path(folder) / "m"), NOW).content  # fmt: skip
            photo = photo_of(pdf)
            assert Image.open(io.BytesIO(photo)).size == (1600, 1200)
            found = finding(session, symbols(photo))
            assert found.result == "ours" and found.invoice_id == invoice.id, found
            start = time.perf_counter()
            for _ in range(args.n):
                texts = symbols(photo)
                finding(session, texts)
            elapsed = time.perf_counter() - start
        db.dispose()
    print(f"photos={args.n} jpeg_bytes={len(photo)}")
    print(f"ms_per_photo={elapsed * 1000 / args.n:.1f} symbols={len(texts)}")


if __name__ == "__main__":
    main()
