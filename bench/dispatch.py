"""Benchmark of invoice dispatch: first copies to enrolled UCs through RQ workers and the outbox.

For each size N (default 1,000 and 10,000), on a fresh database: N consumers/UCs, each enrolled
with one e-mail, and N new authorised invoices (one per UC) imported with `import_lines`; every
first copy is pre-rendered into the media dir by a Pool of 2 processes (timed and printed
apart, not part of the figure). Timed: `after_import` creates the deliveries, they are enqueued
on real Redis, and two `rq worker --burst --worker-class workers.worker.FaturaWorker` processes
drain the queue; the clock stops when both have exited. The database must then hold exactly N
sent deliveries and N outbox rows (one per recipient, each with its PDF).

Baseline in the same run: as many no-op jobs (the 1,000 size, else the largest) drained by two
`rq worker --burst` processes with RQ's default forking Worker, timed from the first enqueue.

Last line: `deliveries_per_s=<x> noop_jobs_per_s=<y> ratio=<x/y> scale_10k_over_1k=<t10k/t1k>`,
where x is the largest size's rate and the scale is t(largest)/t(smallest).

    .venv/bin/python bench/dispatch.py [--sizes 1000,10000] [--database-url URL]
        [--redis-url redis://127.0.0.1:6379/13] [--timeout 1800]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from data import ITEMS, cpf  # bench/ is the script's folder, so it is importable

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from dispatch_helpers import noop  # noqa: E402
from sqlalchemy import MetaData, distinct, func, select  # noqa: E402

import migrations  # noqa: E402
from models import (  # noqa: E402
    Database,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Enrollment,
    EnrollmentMedium,
    OutboxMessage,
    Unit,
    utcnow,
)
from services import settings  # noqa: E402
from services.core.clock import LOCAL_TZ  # noqa: E402
from services.core.job_queue import RedisQueue  # noqa: E402
from services.core.storage import LocalStorage  # noqa: E402
from services.documents.documents import ensure_document  # noqa: E402
from services.erp.after_import import after_import  # noqa: E402
from services.erp.demo import DEMO_SETTINGS, access_key  # noqa: E402
from services.erp.importer import ImportReport, import_lines  # noqa: E402
from workers.jobs import enqueue_deliveries  # noqa: E402

RQ = str(Path(sys.executable).parent / "rq")
FATURA_WORKER = "workers.worker.FaturaWorker"
WORKERS = 2
KIND = DeliveryKind.FIRST_COPY


def email(n: int) -> str:
    """The enrolled e-mail of UC number n."""
    return f"uc{n}@example.com"


def records(n: int, today: date) -> Iterator[dict[str, object]]:
    """N consumers, N units and one new, authorised, payable invoice per unit."""
    issue, due = today - timedelta(days=3), today + timedelta(days=12)
    reference = f"{issue:%Y-%m}"
    for i in range(n):
        document, uc = cpf(200_000 + i), f"{600_000 + i}"
        yield {"type": "consumer", "document": document, "name": f"Consumidor {i}"}
        yield {"type": "unit", "uc": uc, "document": document, "address": f"Rua {i}, 10 - BH"}
        yield {
            "type": "invoice",
            "id": f"D-{uc}-{reference}",
            "uc": uc,
            "reference": reference,
            "kind": "energy",
            "issue_date": issue.isoformat(),
            "due_date": due.isoformat(),
            "amount": "245.50",
            "status": "open",
            "kwh": 150 + i % 90,
            "reading": {
                "previous": (issue - timedelta(days=31)).isoformat(),
                "current": (issue - timedelta(days=1)).isoformat(),
            },
            "items": ITEMS,
            "nf3e": {
                "number": str(i),
                "series": "1",
                "access_key": access_key(issue, 100_000 + i),
                "protocol": "331200000654321",
                "authorized_at": f"{issue.isoformat()}T10:00:00-03:00",
            },
        }


def fresh_database(url: str) -> Database:
    """Drop whatever tables `url` has (a --database-url must be a scratch database), migrate."""
    db = Database(url)
    existing = MetaData()
    existing.reflect(db.engine)
    existing.drop_all(db.engine)
    migrations.upgrade(db.engine)
    return db


def setup(db: Database, n: int) -> ImportReport:
    """Demo settings, the import of N UCs and invoices, and one e-mail enrolment per UC."""
    today = utcnow().astimezone(LOCAL_TZ).date()
    with db.session() as session:
        settings.update(session, DEMO_SETTINGS, "bench")
        lines = (json.dumps(r, ensure_ascii=False) for r in records(n, today))
        report = import_lines(session, lines, lambda line, why: sys.exit(f"line {line}: {why}"))
        units = session.execute(select(Unit.id, Unit.uc).order_by(Unit.id)).all()
        session.add_all(
            Enrollment(
                unit_id=unit_id,
                medium=EnrollmentMedium.EMAIL,
                destination=email(int(uc) - 600_000),
                keep_printed=False,
                created_by="bench",
            )
            for unit_id, uc in units
        )
        session.commit()
    if len(report.new_invoice_ids) != n or len(units) != n:
        sys.exit(f"setup: expected {n} new invoices and units: {report.summary()}")
    return report


_render_state: dict[str, Any] = {}


def _render_init(url: str, media: str) -> None:
    """Pool initialiser: this process's own engine and storage."""
    _render_state["db"] = Database(url)
    _render_state["storage"] = LocalStorage(media)


def _render_one(invoice_id: int) -> bool:
    """Render (or find cached) one invoice's first copy; True if it was rendered now."""
    with _render_state["db"].session() as session:
        document = ensure_document(session, invoice_id, KIND, _render_state["storage"], utcnow())
    return not document.cached


def prerender(db: Database, media: Path, invoice_ids: list[int]) -> float:
    """Render every first copy with a Pool of 2 processes; return the seconds it took."""
    db.dispose()
    started = time.perf_counter()
    with multiprocessing.Pool(WORKERS, _render_init, (db.url, str(media))) as pool:
        rendered = sum(pool.imap_unordered(_render_one, invoice_ids, chunksize=20))
    seconds = time.perf_counter() - started
    print(
        f"prerender n={len(invoice_ids)} rendered={rendered} seconds={seconds:.1f} "
        f"ms_per_page={1000 * seconds / len(invoice_ids) * WORKERS:.0f} (per process)",
        flush=True,
    )
    return seconds


def worker_env(database_url: str, redis_url: str, media: Path) -> dict[str, str]:
    """The workers' environment: outbox channels only (no Twilio, no SMTP)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_") and k != "SMTP_URL"}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        FATURA_MEDIA_DIR=str(media),
        APP_ENV="test",
    )
    return env


def run_workers(
    extra: list[str], redis_url: str, env: dict[str, str], logs: Path, timeout: float
) -> None:
    """Start two burst workers and wait until both exit; fail loudly on error or timeout."""
    processes = []
    for index in range(WORKERS):
        log = (logs / f"worker-{index}.log").open("w")
        command = [RQ, "worker", "--burst", *extra, "--url", redis_url, "default"]
        processes.append(
            subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        log.close()
    deadline = time.monotonic() + timeout
    try:
        for process in processes:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _stop(processes)
        sys.exit(f"FAIL: workers still running after {timeout:.0f}s; logs in {logs}")
    failed = [p.returncode for p in processes if p.returncode != 0]
    if failed:
        tail = (logs / "worker-0.log").read_text(errors="replace")[-2000:]
        sys.exit(f"FAIL: worker exit codes {failed}\n{tail}")


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop the workers we started (their own process groups, work horses included)."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def media_files(media: Path) -> int:
    """How many documents the media dir holds."""
    return sum(1 for p in media.iterdir() if p.suffix == ".pdf")


def run_size(n: int, database_url: str, redis_url: str, folder: Path, timeout: float) -> float:
    """Set up, pre-render, then time issuance + enqueue + two workers; verify; return seconds."""
    media = folder / "media"
    media.mkdir(parents=True)
    db = fresh_database(database_url)
    started = time.perf_counter()
    report = setup(db, n)
    print(f"setup n={n} seconds={time.perf_counter() - started:.1f}", flush=True)
    prerender(db, media, report.new_invoice_ids)
    documents = media_files(media)

    queue = RedisQueue(redis_url)
    queue.redis.flushdb()
    env = worker_env(database_url, redis_url, media)
    started = time.perf_counter()
    with db.session() as session:
        ids = after_import(session, report)
    issued = time.perf_counter()
    enqueue_deliveries(queue, ids)
    enqueued = time.perf_counter()
    run_workers(["--worker-class", FATURA_WORKER], redis_url, env, folder, timeout)
    done = time.perf_counter()
    seconds = done - started
    print(
        f"dispatch n={n} seconds={seconds:.2f} (issue={issued - started:.2f} "
        f"enqueue={enqueued - issued:.2f} workers={done - enqueued:.2f}) "
        f"deliveries_per_s={n / seconds:.1f} worker_ms_per_job="
        f"{1000 * (done - enqueued) * WORKERS / n:.1f}",
        flush=True,
    )
    verify_deliveries(db, queue, n, len(ids), media_files(media) - documents)
    db.dispose()
    return seconds


def verify_deliveries(db: Database, queue: RedisQueue, n: int, enqueued: int, renders: int) -> None:
    """Exactly N deliveries, all sent, and N outbox rows with a PDF, one per recipient."""
    with db.session() as session:
        count = lambda q: session.scalar(q)  # noqa: E731
        deliveries = count(select(func.count(Delivery.id)))
        sent = count(select(func.count(Delivery.id)).where(Delivery.status == DeliveryStatus.SENT))
        outbox = count(select(func.count(OutboxMessage.id)))
        with_pdf = count(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.document.is_not(None))
        )
        recipients = count(select(func.count(distinct(OutboxMessage.destination))))
    finished = queue.queue.finished_job_registry.count
    failed = queue.queue.failed_job_registry.count
    left = queue.queue.count
    print(
        f"verify n={n} enqueued={enqueued} deliveries={deliveries} sent={sent} outbox={outbox} "
        f"with_pdf={with_pdf} recipients={recipients} rq_finished={finished} "
        f"rq_failed={failed} rq_left={left} renders_during_run={renders}",
        flush=True,
    )
    expected = (enqueued, deliveries, sent, outbox, with_pdf, recipients, finished)
    if any(value != n for value in expected) or failed or left:
        sys.exit(f"FAIL: n={n}: lost, duplicated or unsent deliveries (see the verify line)")
    if renders:
        print(f"WARNING: {renders} documents were rendered during the timed run", flush=True)


def run_noop(jobs: int, redis_url: str, folder: Path, timeout: float) -> float:
    """Enqueue `jobs` no-op jobs and drain them with two default RQ workers; return seconds."""
    folder.mkdir(parents=True)
    queue = RedisQueue(redis_url)
    queue.redis.flushdb()
    env = worker_env("sqlite:///" + str(folder / "unused.sqlite3"), redis_url, folder)
    started = time.perf_counter()
    for i in range(jobs):
        queue.enqueue(noop, i)
    enqueued = time.perf_counter()
    run_workers(["--path", str(BENCH)], redis_url, env, folder, timeout)
    done = time.perf_counter()
    seconds = done - started
    finished = queue.queue.finished_job_registry.count
    failed = queue.queue.failed_job_registry.count
    print(
        f"noop jobs={jobs} seconds={seconds:.2f} (enqueue={enqueued - started:.2f} "
        f"workers={done - enqueued:.2f}) noop_jobs_per_s={jobs / seconds:.1f} "
        f"worker_ms_per_job={1000 * (done - enqueued) * WORKERS / jobs:.1f} "
        f"rq_finished={finished} rq_failed={failed} rq_left={queue.queue.count}",
        flush=True,
    )
    if finished != jobs or failed or queue.queue.count:
        sys.exit("FAIL: no-op jobs lost or failed")
    return seconds


def main() -> None:
    """Baseline, then each size; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated, e.g. 200,2000")
    parser.add_argument(
        "--database-url",
        default=None,
        help="default: a new SQLite file per size; a given database is wiped for each size",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="flushed")
    parser.add_argument("--noop-jobs", type=int, default=None, help="default: 1000 or largest")
    parser.add_argument("--timeout", type=float, default=1800.0, help="per worker phase, s")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    jobs = args.noop_jobs or (1000 if 1000 in sizes else sizes[-1])
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as tmp:
        noop_seconds = run_noop(jobs, args.redis_url, Path(tmp) / "noop", args.timeout)
        times = {}
        for n in sizes:
            url = args.database_url or f"sqlite:///{tmp}/bench-{n}.sqlite3"
            times[n] = run_size(n, url, args.redis_url, Path(tmp) / f"n{n}", args.timeout)
        RedisQueue(args.redis_url).redis.flushdb()
    largest, smallest = sizes[-1], sizes[0]
    deliveries_per_s = largest / times[largest]
    noop_per_s = jobs / noop_seconds
    print(
        f"total_seconds={time.perf_counter() - began:.0f}; deliveries_per_s is from n={largest}, "
        f"noop from {jobs} jobs, scale is t({largest})/t({smallest}) "
        f"for {largest / smallest:.0f}x the deliveries"
    )
    print(
        f"deliveries_per_s={deliveries_per_s:.1f} noop_jobs_per_s={noop_per_s:.1f} "
        f"ratio={deliveries_per_s / noop_per_s:.2f} "
        f"scale_10k_over_1k={times[largest] / times[smallest]:.2f}"
    )


if __name__ == "__main__":
    main()
