"""Benchmark of invoice rendering: the production path against a floor without drawings.

For N invoices (default 50), each with 12 months of history and 3 items, it times
`ensure_document` on a cache miss (load, payment codes, context, WeasyPrint, store), then
the same pages with the ITF barcode, both QR codes and the chart replaced by empty boxes of
the same size (the floor), then cache hits. Last line:
`ms_per_page=<x> floor_ms_per_page=<y> ratio=<x/y> cache_hit_ms=<z>`.

    .venv/bin/python bench/render.py [-n 50]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from data import ITEMS  # bench/ is the script's folder, so it is importable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import migrations  # noqa: E402
from models import Database, DeliveryKind, Invoice  # noqa: E402
from services import settings  # noqa: E402
from services.collection.payment_view import payment_view  # noqa: E402
from services.core.clock import LOCAL_TZ  # noqa: E402
from services.core.storage import LocalStorage  # noqa: E402
from services.documents.document_context import document_context  # noqa: E402
from services.documents.documents import TEMPLATES, ensure_document  # noqa: E402
from services.documents.render import render_pdf  # noqa: E402
from services.erp.demo import DEMO_SETTINGS, access_key  # noqa: E402
from services.erp.importer import import_lines  # noqa: E402

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL_TZ)
KIND = DeliveryKind.FIRST_COPY


def _records(n: int):  # type: ignore[no-untyped-def]
    """N consumers/UCs, each with 12 monthly invoices; the last one is rendered."""
    for i in range(n):
        document = "11222333000181"
        uc = f"{700000 + i}"
        if i == 0:
            yield {
                "type": "consumer",
                "document": document,
                "name": "Padaria Pão Quente Ltda",
                "phones": ["+5531988887777"],
            }
        yield {"type": "unit", "uc": uc, "document": document, "address": f"Rua {i}, 100 - BH"}
        for month in range(1, 13):
            ref = f"{2025 + (month + 10) // 12}-{(month + 10) % 12 + 1:02d}"  # 2025-12..2026-11
            issue = f"{ref}-05"
            yield {
                "type": "invoice",
                "id": f"B-{uc}-{ref}",
                "uc": uc,
                "reference": ref,
                "issue_date": issue,
                "due_date": "2026-12-10" if ref == "2026-11" else f"{ref}-20",
                "amount": "245.50",
                "status": "open" if ref == "2026-11" else "paid",
                "kwh": 150 + (i * 7 + month * 13) % 90,
                "reading": {"previous": "2026-10-04", "current": "2026-11-04"},
                "items": ITEMS,
                "nf3e": {
                    "number": str(i),
                    "series": "1",
                    "access_key": access_key(date(2026, 11, 5), 90000 + i),
                    "protocol": "331200000654321",
                    "authorized_at": "2026-11-05T10:00:00-03:00",
                },
            }


def setup(folder: Path, n: int) -> tuple[Database, list[int]]:
    """A fresh SQLite database with the demo parameters and the benchmark invoices."""
    db = Database(f"sqlite:///{folder}/bench.sqlite3")
    migrations.upgrade(db.engine)
    with db.session() as session:
        lines = (json.dumps(r) for r in _records(n))
        report = import_lines(session, lines, lambda line, reason: sys.exit(f"{line}: {reason}"))
        settings.update(session, DEMO_SETTINGS, "bench")
        ids = list(
            session.scalars(
                Invoice.__table__.select()
                .with_only_columns(Invoice.id)
                .where(Invoice.reference == "2026-11")
                .order_by(Invoice.id)
            )
        )
    assert len(ids) == n, report.summary()
    return db, ids


def floor_page(session, invoice_id: int, storage: LocalStorage) -> None:  # type: ignore[no-untyped-def]
    """The production steps with empty boxes where the drawings go."""
    invoice = session.get(Invoice, invoice_id)
    values = settings.load(session)
    view = payment_view(invoice, values, TODAY)
    context = document_context(
        session, invoice, second_copy_at=None, settings=values, view=view, placeholders=True
    )
    storage.put(f"floor-{invoice_id}.pdf", render_pdf(TEMPLATES[KIND], context))


def main() -> None:
    """Set up, warm up, time the three passes, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, ids = setup(Path(tmp), args.n + 1)
        warm, ids = ids[0], ids[1:]
        storage = LocalStorage(Path(tmp) / "media")
        with db.session() as session:
            ensure_document(session, warm, KIND, storage, NOW)  # fonts, templates, caches
            floor_page(session, warm, storage)
            production = floor = 0.0
            for invoice_id in ids:
                started = time.perf_counter()
                ensure_document(session, invoice_id, KIND, storage, NOW)
                production += time.perf_counter() - started
                started = time.perf_counter()
                floor_page(session, invoice_id, storage)
                floor += time.perf_counter() - started
            started = time.perf_counter()
            for invoice_id in ids:
                assert ensure_document(session, invoice_id, KIND, storage, NOW).cached
            hits = time.perf_counter() - started
    ms, floor_ms, hit_ms = (1000 * t / len(ids) for t in (production, floor, hits))
    print(f"pages={len(ids)} production_s={production:.2f} floor_s={floor:.2f}")
    print(
        f"ms_per_page={ms:.1f} floor_ms_per_page={floor_ms:.1f} ratio={ms / floor_ms:.2f} "
        f"cache_hit_ms={hit_ms:.2f}"
    )


if __name__ == "__main__":
    main()
