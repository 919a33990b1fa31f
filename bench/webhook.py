"""Benchmark of the inbound webhook: full conversations through gunicorn (2 workers) with
signed requests, against a floor app that only verifies and commits the message row.

1. Open loop at the offered rate (default 100 requests/s for 20 s) through the real app,
   after 3 s of unmeasured warm-up: p50/p99 latency from each request's scheduled time.
2. Closed loop (8 clients, 10 s) through the real app and through the floor app (same
   database, same gunicorn config): saturation throughput, and their ratio.
3. The open loop of 1. through the floor app too (printed before the last line): the tail
   latency the machine and the load generator give a webhook that does almost nothing.
Both open loops print the CPU share the hypervisor took meanwhile (`steal_pct`, bench/machine.py).
Jobs (documents) go to a Redis queue nobody drains, so only the webhook is measured.
Last line: `bot_rps=<x> floor_rps=<y> ratio=<x/y> p50_ms=<a> p99_ms=<b>`.

    .venv/bin/python bench/webhook.py [--rate 100] [--database-url URL] [--redis-url URL]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from load import Request, closed_loop, open_loop  # bench/ is the script's folder
from machine import steal_meter
from stack import TOKEN, gunicorn, phone, setup, signed

BASE = "http://127.0.0.1:5000"
USERS = 300
# Keywords, menu numbers and free text (the intent classifier is in the path), as consumers mix
# them: "quero a 2 via da conta" lists the invoices and "1" picks one.
SCRIPT = ("oi", "4", "quero a 2 via da conta", "1", "me passa o pix da conta", "quanto eu devo?",
          "ajuda", "obrigado!", "estou sem luz desde ontem", "adesao")  # fmt: skip


def make_request(channel: str) -> Callable[[int], Request]:
    """Request i: user i % USERS sends the next line of the conversation script."""

    def make(index: int) -> Request:
        user, turn = index % USERS, index // USERS
        return signed(BASE, channel, phone(user), SCRIPT[turn % len(SCRIPT)])

    return make


def workers_rss_mb(master: int) -> list[float]:
    """The resident memory of each of the gunicorn master's workers, in MB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(status.split("VmRSS:")[1].split()[0]) / 1024)
    return sizes


def main() -> None:
    """Set up, run the three phases, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds, not measured")
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--channel", default="whatsapp", choices=("whatsapp", "sms"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        setup(url, USERS)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": args.redis_url,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "PUBLIC_BASE_URL": BASE,
            "APP_ENV": "test",
            "FATURA_MEDIA_DIR": f"{tmp}/media",
        }
        env.pop("TWILIO_ACCOUNT_SID", None)
        make = make_request(args.channel)
        with gunicorn("app:create_app()", 5181, env) as master:
            # Warm-up, not measured: each worker's first requests compile templates and
            # statements (70-115 ms each); a deployed worker has long done so.
            closed_loop(5181, lambda i: make(i + 200_000), clients=4, seconds=args.warmup)
            with steal_meter() as steal:
                offered = open_loop(5181, make, args.rate, args.seconds)
            bot = closed_loop(5181, lambda i: make(i + 100_000), clients=8, seconds=10)
            rss = workers_rss_mb(master)
        with gunicorn("floor_app:create()", 5182, env):
            floor = closed_loop(5182, make, clients=8, seconds=10)
            # The same open loop on the floor: how much of the tail is this machine's.
            with steal_meter() as floor_steal:
                floor_offered = open_loop(5182, make, args.rate, args.seconds)
    print(
        f"offered={args.rate:.0f}/s sent={len(offered.latencies)} errors={offered.errors} "
        f"achieved={offered.rps:.1f}/s; saturation errors bot={bot.errors} "
        f"floor={floor.errors}; floor p50={floor.percentile(50):.1f}ms"
    )
    print(f"web worker RSS after the run: {' '.join(f'{mb:.0f}' for mb in rss)} MB")
    print(
        f"floor at the offered rate: p50_ms={floor_offered.percentile(50):.1f} "
        f"p99_ms={floor_offered.percentile(99):.1f} steal_pct={floor_steal.pct:.1f}; "
        f"bot open loop steal_pct={steal.pct:.1f}"
    )
    print(
        f"bot_rps={bot.rps:.1f} floor_rps={floor.rps:.1f} ratio={bot.rps / floor.rps:.2f} "
        f"p50_ms={offered.percentile(50):.1f} p99_ms={offered.percentile(99):.1f}"
    )


if __name__ == "__main__":
    main()
