"""Benchmark of `fatura import`: 100,000 invoice lines plus their consumers and units.

Generates the file line by line, then runs the real command in a child process on a fresh
database and reports wall-clock throughput over all lines and the child's peak RSS.
Last line: `lines_per_s=<x> peak_rss_mb=<y>`.

    .venv/bin/python bench/import.py [--invoices 100000] [--database-url URL]
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
from pathlib import Path

from data import cpf  # bench/ is the script's folder, so it is importable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


INVOICES_PER_UNIT = 4
KEY = "35251202302100000106660000065543841048823644"


def generate(path: Path, invoices: int) -> int:
    """Write consumers, units and invoices (4 per UC, 2 items each); return the line count."""
    units = invoices // INVOICES_PER_UNIT
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(units):
            document, uc = cpf(100_000 + n), f"{500_000 + n}"
            rows = [
                {
                    "type": "consumer",
                    "document": document,
                    "name": f"Consumidor {n}",
                    "phones": [f"+55319{n % 10**8:08d}"],
                    "email": f"c{n}@example.com",
                },
                {"type": "unit", "uc": uc, "document": document, "address": f"Rua {n}, 10"},
            ]
            for month in range(1, INVOICES_PER_UNIT + 1):
                rows.append(_invoice(uc, month, n))
            for row in rows:
                out.write(json.dumps(row) + "\n")
            lines += len(rows)
    return lines


def _invoice(uc: str, month: int, n: int) -> dict[str, object]:
    """One invoice with two items and an NF3e authorisation."""
    cents = 10_000 + (n * 37 + month * 101) % 40_000
    amount = f"{cents // 100}.{cents % 100:02d}"
    half = cents // 2
    return {
        "type": "invoice",
        "id": f"F-{uc}-2026-{month:02d}",
        "uc": uc,
        "reference": f"2026-{month:02d}",
        "kind": "energy",
        "issue_date": f"2026-{month:02d}-05",
        "due_date": f"2026-{month:02d}-20",
        "amount": amount,
        "status": "open",
        "kwh": 215,
        "items": [
            {
                "description": "Consumo TUSD",
                "quantity": "215",
                "unit_price": "0.45123",
                "amount": f"{half // 100}.{half % 100:02d}",
            },
            {
                "description": "Consumo TE",
                "amount": f"{(cents - half) // 100}.{(cents - half) % 100:02d}",
            },
        ],
        "nf3e": {
            "number": str(n),
            "series": "1",
            "access_key": KEY,
            "protocol": "335250000123456",
            "authorized_at": "2026-10-05T10:00:00-03:00",
        },
    }


def run(database_url: str, path: Path) -> tuple[float, float]:
    """Migrate, then time `fatura import PATH` in a child; return (seconds, child peak MB)."""
    env = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "test"}
    env.pop("REDIS_URL", None)
    fatura = str(Path(sys.executable).parent / "fatura")
    subprocess.run([fatura, "init-db"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    done = subprocess.run([fatura, "import", str(path)], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"import failed: {done.stderr[-2000:]}")
    print(done.stdout.strip())
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb / 1024


def main() -> None:
    """Generate, import, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "erp.jsonl"
        lines = generate(path, args.invoices)
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        print(f"importing {lines} lines ({args.invoices} invoices) into {url.split(':')[0]}")
        seconds, peak_mb = run(url, path)
    print(f"seconds={seconds:.1f} lines={lines}")
    print(f"lines_per_s={lines / seconds:.0f} peak_rss_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
