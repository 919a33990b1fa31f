"""Renders the demo invoice (2ª via) and its payment slip to PNG pictures for the README.

.venv/bin/python docs/render_demo.py      # writes docs/danf3e-demo.png, docs/slip-demo.png
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import migrations  # noqa: E402
from models import Database, DeliveryKind, Invoice  # noqa: E402
from services.core.clock import LOCAL_TZ  # noqa: E402
from services.core.storage import LocalStorage  # noqa: E402
from services.documents.documents import ensure_document  # noqa: E402
from services.erp.demo import load_demo  # noqa: E402

TODAY = date(2026, 11, 23)


def main() -> None:
    """Load the demo into a scratch database and rasterise two documents at 80 dpi."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/demo.sqlite3")
        migrations.upgrade(db.engine)
        with db.session() as session:
            load_demo(session, TODAY)
            october = session.query(Invoice).filter_by(key="F-131030-2026-10").one()
            now = datetime(2026, 11, 23, 14, 30, tzinfo=LOCAL_TZ)
            for kind, name in (
                (DeliveryKind.SECOND_COPY, "danf3e-demo"),
                (DeliveryKind.PAYMENT_SLIP, "slip-demo"),
            ):
                pdf = Path(tmp) / f"{name}.pdf"
                pdf.write_bytes(
                    ensure_document(
                        session, october.id, kind, LocalStorage(Path(tmp) / "media"), now
                    ).content
                )
                subprocess.run(
                    ["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(HERE / name)],
                    check=True,
                )
                print(f"docs/{name}.png")


if __name__ == "__main__":
    main()
