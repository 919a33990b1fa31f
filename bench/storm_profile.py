"""In-process profile of the storm's messages (bench/storm_mix.py) on a scratch PostgreSQL
database: the Flask test client (no HTTP server), inline (FATURA_DEFER_BACKLOG unset, an idle
accept queue) or all deferred (`--defer`), with the web's CPU, the PostgreSQL backends' CPU
and the SQL statements per message.

    .venv/bin/python bench/storm_profile.py [--messages 3000] [--defer] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from machine import process_cpu
from stack import in_process_env, setup  # bench/ is the script's folder
from storm import scratch_db
from storm_mix import Storm
from storm_watch import fake_twilio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from services.chat.deferral import SHARDS  # noqa: E402
from services.core.runtime import current  # noqa: E402
from workers import jobs  # noqa: E402

BASE = "http://127.0.0.1:5191"


def postgres_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backends and helpers (bench/machine.py)."""
    return process_cpu().get("postgres", 0.0)


def main() -> None:
    """Set up, warm up, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--defer", action="store_true", help="FATURA_DEFER_BACKLOG=0")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--profile", default=None)
    parser.add_argument("--cold", action="store_true", help="measure each number's first")
    parser.add_argument("--warm", type=int, default=4000, help="messages sent before measuring")
    parser.add_argument(
        "--decide", action="store_true", help="defer every message, then measure the drain jobs"
    )
    args = parser.parse_args()
    url = scratch_db(args.pg_url, "bench_storm_profile", create=True)
    try:
        setup(url, 1000)
        with tempfile.TemporaryDirectory() as tmp:
            in_process_env(
                url,
                args.redis_url,
                BASE,
                tmp,
                APP_ENV="production",
                SECRET_KEY="bench-secret-key",  # noqa: S106 (a throwaway for a local run)
                API_TOKEN="bench-api-token",  # noqa: S106
                FATURA_DEFER_BACKLOG="0" if args.defer else "100000",
            )
            if not args.decide:
                run(args)
                return
            with fake_twilio() as rest:
                os.environ.update(
                    TWILIO_ACCOUNT_SID="ACbench",
                    TWILIO_API_BASE_URL=rest.url,
                    TWILIO_WHATSAPP_FROM="+5531300000000",
                    TWILIO_SMS_FROM="+5531300000000",
                )
                run(args)
    finally:
        scratch_db(args.pg_url, "bench_storm_profile", create=False)


def run(args: argparse.Namespace) -> None:
    """Post the messages through the test client and print the figures."""
    app = create_app()
    client = app.test_client()
    storm = Storm(BASE, 4000, 1000)
    warm = storm.next_batch(0 if args.cold else args.warm, "warm")
    batch = storm.next_batch(args.messages, "m")
    for path, form, headers in warm:
        client.post(path, data=form, headers=headers)
    with app.app_context():
        engine = current().db.engine
    statements: Counter[str] = Counter()

    def count(*arguments: Any) -> None:
        statements[arguments[2].split(None, 1)[0].upper()] += 1

    event.listen(engine, "before_cursor_execute", count)
    profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waits
    pg0, cpu0, wall0 = postgres_cpu(), time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    if args.decide:
        runtime = app.extensions["fatura"]
        runtime.config = dataclasses.replace(runtime.config, defer_backlog=0)
        for path, form, headers in batch:
            client.post(path, data=form, headers=headers)
        pg0, cpu0, wall0 = postgres_cpu(), time.process_time(), time.perf_counter()
        statements.clear()
        if profiler:
            profiler.enable()
        jobs.DRAIN_BUDGET_S = 3600.0  # one job drains its whole shard here
        with app.app_context():
            for shard in range(SHARDS):
                jobs.drain_deferred(shard)
    else:
        for path, form, headers in batch:
            response = client.post(path, data=form, headers=headers)
            assert response.status_code == 200, response.data
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    pg = postgres_cpu() - pg0
    n = args.messages
    per = {name: round(k / n, 2) for name, k in statements.most_common()}
    print(f"statements_per_message={sum(statements.values()) / n:.2f} {per}")
    print(
        f"messages={n} web_cpu_ms={cpu * 1000 / n:.3f} postgres_cpu_ms={pg * 1000 / n:.3f} "
        f"wall_ms={wall * 1000 / n:.3f}"
    )


if __name__ == "__main__":
    main()
