"""Benchmark of `fatura import-return`: a generated 100,000-record return file.

Loads 100,000 open invoices (25,000 UCs) and 10,000 live installment plans on the first
10,000 of those UCs (bench/plan_data.py: entradas, charges and installment invoices that the
file pays, plans that close), builds the bank's return file paying all the invoices (every
50th with a different amount, every 100th an unknown barcode), then times the real command
in a child process and reads its peak RSS. Last line:
`records_per_s=<x> peak_rss_mb=<y> plans=<n>`.

    .venv/bin/python bench/returns.py [--records 100000] [--plans 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from data import unit_records  # bench/ is the script's folder, so it is importable
from plan_data import add_plans

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import migrations  # noqa: E402
from billing.arrecadacao import build_barcode  # noqa: E402
from billing.return_file import ReturnHeader  # noqa: E402
from models import Database, Invoice  # noqa: E402
from services.erp.importer import import_lines  # noqa: E402
from tests.support.return_files import ReturnPaymentInput, build_return  # noqa: E402

DUE = date(2026, 11, 20)
FIRST_UC = 800000


def records(count: int):  # type: ignore[no-untyped-def]
    """Consumers, UCs (4 invoices each) and open invoices as import records."""
    return unit_records(count, "R", 300_000_000, FIRST_UC, lambda _month: DUE.isoformat())


def setup(url: str, count: int, plans: int) -> list[ReturnPaymentInput]:
    """Load the invoices and plans; return the payments a bank would report for them."""
    db = Database(url)
    migrations.upgrade(db.engine)
    with db.session() as session:
        import_lines(
            session,
            (json.dumps(r) for r in records(count)),
            lambda n, reason: sys.exit(f"line {n}: {reason}"),
        )
        started = time.perf_counter()
        made = add_plans(session, min(plans, count // 4), FIRST_UC)
        print(f"plans={made} inserted in {time.perf_counter() - started:.1f} s", flush=True)
        rows = session.execute(
            Invoice.__table__.select().with_only_columns(Invoice.id, Invoice.amount)
        ).all()
    db.dispose()
    payments = []
    for index, (number, amount) in enumerate(rows):
        cents = int(amount * 100) + (7 if index % 50 == 0 else 0)
        if index % 100 == 1:
            number += 10**12  # no such invoice: an unknown document
        code = build_barcode(
            segment="3",
            value_id="6",
            amount_cents=cents,
            company_code="0000",
            due_date=DUE,
            document_number=number,
        )
        payments.append(
            ReturnPaymentInput(
                barcode=code,
                amount_cents=cents,
                paid_on=date(2026, 11, 21),
                credited_on=date(2026, 11, 22),
                channel="3",
            )
        )
    return payments


def main() -> None:
    """Generate, import, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--plans", type=int, default=10_000, help="live installment plans")
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        payments = setup(url, args.records, args.plans)
        header = ReturnHeader(
            convenio="12345",
            company="DISTRIBUIDORA DEMO",
            bank_code="001",
            bank_name="BANCO DO BRASIL",
            file_date=date(2026, 11, 23),
            sequence=1,
            layout_version="07",
        )
        path = Path(tmp) / "RET.txt"
        path.write_text(build_return(header, payments), encoding="latin-1")
        env = {**os.environ, "DATABASE_URL": url, "APP_ENV": "test"}
        env.pop("REDIS_URL", None)
        started = time.perf_counter()
        done = subprocess.run(
            [str(Path(sys.executable).parent / "fatura"), "import-return", str(path)],
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"import-return failed: {done.stderr[-2000:]}")
    print(done.stdout.strip())
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"seconds={seconds:.1f} records={len(payments)}")
    rate, plans = len(payments) / seconds, min(args.plans, args.records // 4)
    print(f"records_per_s={rate:.0f} peak_rss_mb={peak:.0f} plans={plans}")


if __name__ == "__main__":
    main()
