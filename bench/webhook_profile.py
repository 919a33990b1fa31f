"""In-process profile of the inbound webhook: the bench's signed conversations through the
Flask test client (no HTTP server), with CPU time (inside the WSGI app, and in all) and SQL
statements per message.

    .venv/bin/python bench/webhook_profile.py [--messages 3000] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from stack import in_process_env  # bench/ is the script's folder
from webhook import BASE, USERS, make_request, setup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from services.core.runtime import current  # noqa: E402


def main() -> None:
    """Set up a fresh SQLite database, warm up, then measure and optionally profile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--profile", default=None, help="write cProfile stats to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/profile.sqlite3"
        setup(url, USERS)
        in_process_env(url, args.redis_url, BASE, tmp, APP_ENV="test")
        app = create_app()
        inside = [0.0]
        wsgi_app = app.wsgi_app

        def timed(environ: Any, start_response: Any) -> Any:
            began = time.process_time()
            try:
                return wsgi_app(environ, start_response)
            finally:
                inside[0] += time.process_time() - began

        app.wsgi_app = timed  # type: ignore[method-assign]
        client = app.test_client()
        make = make_request("whatsapp")
        requests = [make(i) for i in range(args.messages + 600)]
        statements: Counter[str] = Counter()

        def post(index: int) -> None:
            path, form, headers = requests[index]
            response = client.post(path, data=form, headers=headers)
            assert response.status_code == 200, response.data

        for index in range(600):  # two full turns of every user: caches and conversations warm
            post(index)
        with app.app_context():
            engine = current().db.engine

        def count(*arguments: Any) -> None:
            statements[arguments[2].split(None, 1)[0].upper()] += 1

        event.listen(engine, "before_cursor_execute", count)
        profiler = cProfile.Profile() if args.profile else None
        inside[0] = 0.0
        began_cpu, began_wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for index in range(600, 600 + args.messages):
            post(index)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        cpu, wall = time.process_time() - began_cpu, time.perf_counter() - began_wall
        app_cpu = inside[0]
        event.remove(engine, "before_cursor_execute", count)
        per = {name: round(n / args.messages, 2) for name, n in statements.most_common()}
        print(f"statements_per_message={sum(statements.values()) / args.messages:.2f} {per}")
        print(
            f"messages={args.messages} app_cpu_ms_per_message={app_cpu * 1000 / args.messages:.3f} "
            f"cpu_ms_per_message={cpu * 1000 / args.messages:.3f} "
            f"wall_ms_per_message={wall * 1000 / args.messages:.3f}"
        )


if __name__ == "__main__":
    main()
