"""Benchmark of automatic debit: `fatura debit-file` writing 100,000 E records and
`fatura import-debit-return` reading 100,000 F results.

Loads 100,000 open invoices (25,000 UCs, all opted in at bank 341), times the real commands in
child processes and reads their peak RSS and CPU seconds (comparable on a shared host, where
wall time is not). Every 100th result is a failure (01). Last lines: `write_cpu_s=… read_cpu_s=…`,
`write_records_per_s=<x> ...` and `read_records_per_s=<y> peak_rss_mb=<z>`.

    .venv/bin/python bench/debit.py [--records 100000] [--database-url URL]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import migrations  # noqa: E402
from models import Database, DebitEnrollment, Setting, Unit, utcnow  # noqa: E402
from services.erp.importer import import_lines  # noqa: E402
from tests.support.debit_files import Result, build  # noqa: E402

DAY = date(2026, 11, 16)


def records(count: int):  # type: ignore[no-untyped-def]
    """Consumers, UCs (4 invoices each, due within the debit window) as import records."""
    return unit_records(count, "D", 400_000_000, 900000, lambda month: f"2026-11-{17 + month:02d}")


def setup(url: str, count: int) -> None:
    """Load the invoices, opt every UC in at bank 341, agree with bank 341."""
    db = Database(url)
    migrations.upgrade(db.engine)
    with db.session() as session:
        import_lines(
            session,
            (json.dumps(r) for r in records(count)),
            lambda n, reason: sys.exit(f"line {n}: {reason}"),
        )
        units = session.execute(Unit.__table__.select().with_only_columns(Unit.id, Unit.uc))
        session.execute(
            DebitEnrollment.__table__.insert(),
            [
                {"unit_id": i, "bank_code": "341", "agency": "1234", "account": f"{i:010d}",
                 "company_id": uc, "active": True, "opted_on": DAY, "updated_at": utcnow()}
                for i, uc in units
            ],
        )  # fmt: skip
        session.add(Setting(name="direct_debit_banks", value="341"))
        session.commit()
    db.dispose()


def cpu() -> float:
    """CPU seconds (user + system) of the finished children: unlike wall time, barely moved
    by other work on a shared host."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(env: dict, *args: str) -> tuple[float, float, str]:
    """Seconds, the children's peak RSS (MB) so far, stdout of one `fatura` command."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "fatura"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{args[0]} failed: {done.stderr[-2000:]}")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.stdout


def results(path: Path) -> list[Result]:
    """The bank's answer to every E record of the debit file (every 100th fails)."""
    answers = []
    with path.open(encoding="latin-1", newline="") as lines:
        for n, line in enumerate(lines):
            if line.startswith("E"):
                code = "01" if n % 100 == 0 else "00"
                key, cents = line[69:129].rstrip(), int(line[52:67])
                answers.append(Result(line[1:26].rstrip(), key, 0 if code == "01" else cents,
                                      code, DAY, line[26:30], line[30:44].rstrip()))  # fmt: skip
    return answers


def main() -> None:
    """Generate, write, read, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        setup(url, args.records)
        env = {**os.environ, "DATABASE_URL": url, "APP_ENV": "test"}
        env.pop("REDIS_URL", None)
        sent = Path(tmp) / "DEB.txt"
        before = cpu()
        write_s, write_rss, _ = run(env, "debit-file", "--bank", "341", "--date",
                                    DAY.isoformat(), "--output", str(sent))  # fmt: skip
        write_cpu = cpu() - before
        answers = results(sent)
        back = Path(tmp) / "RET.txt"
        back.write_text(build(results=answers, sequence=1, day=DAY), encoding="latin-1")
        before = cpu()
        read_s, peak, out = run(env, "import-debit-return", str(back))
        read_cpu = cpu() - before
    print(out.strip())
    print(f"write: {len(answers)} E records in {write_s:.1f} s; read: {read_s:.1f} s")
    print(f"write_cpu_s={write_cpu:.1f} read_cpu_s={read_cpu:.1f}")
    print(f"write_records_per_s={len(answers) / write_s:.0f} write_peak_rss_mb={write_rss:.0f}")
    print(f"read_records_per_s={len(answers) / read_s:.0f} peak_rss_mb={peak:.0f}")


if __name__ == "__main__":
    main()
