"""Outage storm benchmark (issue 21): the Procfile's `web` and `worker` on PostgreSQL and
Redis, as production runs them, driven open-loop with signed WhatsApp and SMS messages from
many numbers (bench/storm_mix.py), at stepped offered rates.

First the generator is checked against a trivial endpoint (bench/trivial_app.py, the same
gunicorn) at the highest step's rate: it must start requests at the offered rate. Then, after
an unmeasured warm-up, each step sends `rate × seconds` messages; it prints p50/p99/max HTTP
latency (from each request's scheduled time), errors, how many were deferred (answered later
through the REST API, to the fake Twilio of bench/storm_watch.py) and the seconds until every
message had its answer. The next step starts once the previous one is fully answered.
Uses a scratch database (`--db-name`, created and dropped here, never `test`) and flushes
the Redis database of `--redis-url`. Last line:
`knee_rps=<x> p99_ms_at_400=<y> lost=<z> answered_within_60s=<share>`.

    .venv/bin/python bench/storm.py [--steps 100,200,400,800] [--seconds 20,20,20,10]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import aload  # bench/ is the script's folder
import psycopg
from machine import cpu_meter, steal_meter
from redis import Redis
from sqlalchemy import create_engine
from stack import TOKEN, gunicorn, procfile_process, setup, wait_listening
from storm_mix import Storm
from storm_watch import fake_twilio, rest_expected, watch

PORT, TRIVIAL_PORT = 5191, 5192
ROOT_NAME = Path(__file__).resolve().parent.parent.name
BASE = f"http://127.0.0.1:{PORT}"


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", default="100,200,400,800", help="offered rates, msg/s")
    parser.add_argument("--seconds", default="20,20,20,10", help="per step (one: for all)")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds at 50 msg/s")
    parser.add_argument("--numbers", type=int, default=4000, help="distinct senders")
    parser.add_argument("--users", type=int, default=1000, help="consumers on file")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--db-name", default="bench_storm")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--answer-limit", type=float, default=60.0, help="seconds")
    parser.add_argument("--rq-workers", type=int, default=2, help="`worker` processes")
    parser.add_argument("--web-concurrency", default=None, help="WEB_CONCURRENCY (Procfile)")
    parser.add_argument("--defer-backlog", default=None, help="FATURA_DEFER_BACKLOG")
    parser.add_argument("--skip-check", action="store_true", help="no generator check")
    parser.add_argument("--keep-db", action="store_true", help="do not drop it at the end")
    parser.add_argument("--timeline", action="store_true", help="where each step's tail falls")
    args = parser.parse_args()
    if args.db_name in ("test", "postgres", "template0", "template1"):
        parser.error(f"--db-name {args.db_name} is not a scratch database")
    return args


def scratch_db(admin_url: str, name: str, create: bool) -> str:
    """Drop the scratch database (and create it anew when `create`); its URL."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def check_generator(rate: float, env: dict[str, str]) -> None:
    """The generator against the trivial endpoint at `rate` for 5 s: it must keep up."""
    storm = Storm(f"http://127.0.0.1:{TRIVIAL_PORT}", 1000, 100)
    workers = int(env.get("WEB_CONCURRENCY", "3"))  # the Procfile's default
    batch = storm.next_batch(int(rate * 5), "check")
    with gunicorn("trivial_app:app", TRIVIAL_PORT, env, workers), cpu_meter() as cpu:
        run = aload.open_loop(TRIVIAL_PORT, batch, rate)
    kept = run.started_rate >= 0.98 * rate
    own_ms = 1000 * cpu.seconds.get("bench", 0) / len(batch)
    print(
        f"generator check (trivial endpoint): offered={rate:.0f}/s "
        f"started={run.started_rate:.1f}/s max_start_lag_ms={run.max_lag_ms:.1f} "
        f"p50_ms={run.percentile(50):.1f} p99_ms={run.percentile(99):.1f} "
        f"errors={run.errors} generator_cpu_ms={own_ms:.2f} "
        f"{'ok' if kept else 'FAILED: the generator is the bottleneck'}",
        flush=True,
    )


def environment(db_url: str, redis_url: str, rest_url: str, tmp: str) -> dict[str, str]:
    """The production environment of the Procfile's processes, pointed at local stand-ins."""
    env = {
        **os.environ,
        "APP_ENV": "production",
        "PORT": str(PORT),
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-secret-key",
        "API_TOKEN": "bench-api-token",
        "PUBLIC_BASE_URL": BASE,
        "TWILIO_ACCOUNT_SID": "ACbench",
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_API_BASE_URL": rest_url,
        "TWILIO_WHATSAPP_FROM": "+5531300000000",
        "TWILIO_SMS_FROM": "+5531300000000",
        "FATURA_MEDIA_DIR": f"{tmp}/media",
    }
    env.pop("SMTP_URL", None)
    return env


def overrides(env: dict[str, str], args: argparse.Namespace) -> dict[str, str]:
    """The environment with the command line's WEB_CONCURRENCY and FATURA_DEFER_BACKLOG."""
    chosen = {"WEB_CONCURRENCY": args.web_concurrency, "FATURA_DEFER_BACKLOG": args.defer_backlog}
    return {**env, **{k: v for k, v in chosen.items() if v is not None}}


def print_tail(run: aload.Run, batch: list[Any], rate: float, p99: float) -> None:
    """The requests at or over the step's p99: in which second of the step they were due,
    and what they said (a CPF as <cpf>), to tell a burst from a kind of message."""
    slow = [i for i, sent in enumerate(run.sent) if sent.latency_ms >= p99]
    seconds = Counter(int(i / rate) for i in slow)
    kinds = Counter(re.sub(r"\d{11}", "<cpf>", batch[i][1]["Body"]) for i in slow)
    print(f"  tail: {len(slow)} requests >= {p99:.0f} ms; by second {sorted(seconds.items())}")
    print(f"  tail by message: {kinds.most_common()}")


def run_steps(args: argparse.Namespace, db_url: str, storm: Storm) -> dict[str, float]:
    """Each step: open loop, then wait for every answer; print its line; the totals."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    rates = [float(r) for r in args.steps.split(",")]
    spans = [float(s) for s in args.seconds.split(",")]
    spans = spans * len(rates) if len(spans) == 1 else spans
    total = {"knee": 0.0, "p99_400": float("nan"), "lost": 0, "within": 0, "sent": 0}
    for step, (rate, seconds) in enumerate(zip(rates, spans, strict=True)):
        tag = f"s{step}"
        batch = storm.next_batch(int(rate * seconds), tag)
        with cpu_meter() as cpu:
            with steal_meter() as steal:
                load = os.getloadavg()[0]
                run = aload.open_loop(PORT, batch, rate)
            sids = [form["MessageSid"] for _, form, _ in batch]
            answers = watch(engine, tag, sids, run, rate, args.answer_limit)
        lost = len(sids) - len(answers.delays)
        within = sum(1 for d in answers.delays.values() if d <= 60)
        p99 = run.percentile(99)
        done = f"{answers.all_by_s:.1f}" if answers.all_by_s is not None else "never"
        # Past the knee, messages over seconds-until-all-answered is the stack's capacity.
        rate_done = f"{len(sids) / answers.all_by_s:.1f}" if answers.all_by_s else "-"
        print(
            f"step offered={rate:.0f}/s seconds={seconds:.0f} sent={len(sids)} "
            f"started={run.started_rate:.1f}/s p50_ms={run.percentile(50):.1f} "
            f"p99_ms={p99:.1f} max_ms={run.max_ms:.0f} errors={run.errors} "
            f"deferred={answers.rest} lost={lost} all_answered_s={done} answered_per_s={rate_done} "
            f"load1={load:.2f} steal_pct={steal.pct:.1f} {cpu.per_message_ms(len(sids))}",
            flush=True,
        )
        if args.timeline:
            print_tail(run, batch, rate, p99)
        if p99 <= 100 and run.errors == 0 and lost == 0:
            total["knee"] = max(total["knee"], rate)
        if rate == 400:
            total["p99_400"] = p99
        total["lost"] += lost
        total["within"] += within
        total["sent"] += len(sids)
    total["rest_expected"] = rest_expected(engine)
    engine.dispose()
    return total


def main() -> None:
    """Set up, check the generator, warm up, run the steps, print the figures."""
    args = arguments()
    print(
        f"storm: steps={args.steps} seconds={args.seconds} rq_workers={args.rq_workers} "
        f"WEB_CONCURRENCY={args.web_concurrency or 'Procfile default'} "
        f"FATURA_DEFER_BACKLOG={args.defer_backlog or 'default'} code={ROOT_NAME}",
        flush=True,
    )
    db_url = scratch_db(args.pg_url, args.db_name, create=True)
    Redis.from_url(args.redis_url).flushdb()
    try:
        setup(db_url, args.users)
        with tempfile.TemporaryDirectory() as tmp, fake_twilio() as rest:
            env = overrides(environment(db_url, args.redis_url, rest.url, tmp), args)
            if not args.skip_check:
                check_generator(max(float(r) for r in args.steps.split(",")), env)
            log = Path(os.environ.get("STORM_LOG", Path(tmp) / "procfile.log"))
            start = log.stat().st_size if log.exists() else 0  # STORM_LOG may hold older runs
            with ExitStack() as processes:
                processes.enter_context(procfile_process("web", env, log))
                for _ in range(args.rq_workers):
                    processes.enter_context(procfile_process("worker", env, log))
                wait_listening(PORT)
                storm = Storm(BASE, args.numbers, args.users)
                aload.open_loop(PORT, storm.next_batch(int(50 * args.warmup), "warm"), 50)
                total = run_steps(args, db_url, storm)
                sent_rest = rest.count()
            with log.open("rb") as written:
                written.seek(start)
                errors = [line for line in written.read().splitlines() if b"Traceback" in line]
    finally:
        if not args.keep_db:
            scratch_db(args.pg_url, args.db_name, create=False)
    print(
        f"REST replies: due={total['rest_expected']} received_by_fake={sent_rest} "
        f"(more received than due = a duplicate); tracebacks in the Procfile log: {len(errors)}"
    )
    share = total["within"] / total["sent"] if total["sent"] else 0.0
    print(
        f"knee_rps={total['knee']:.0f} p99_ms_at_400={total['p99_400']:.1f} "
        f"lost={total['lost']:.0f} answered_within_60s={share:.4f}"
    )


if __name__ == "__main__":
    sys.exit(main())
