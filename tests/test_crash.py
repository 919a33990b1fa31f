"""Crashes against real Redis and real worker processes: nothing lost, nothing sent twice."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import func, select

from app import create_app
from models import Delivery, DeliveryMedium, DeliveryStatus, OutboxMessage, utcnow
from services.delivery import deliveries, sweeper
from tests.conftest import make_config
from workers.jobs import enqueue_deliveries

RQ = str(Path(sys.executable).parent / "rq")


def _worker(
    db_url: str,
    redis_url: str,
    *,
    burst: bool,
    env_extra: dict[str, str] | None = None,
) -> subprocess.Popen:
    """A real `rq worker` process (FaturaWorker, as in the Procfile) in its own session."""
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "APP_ENV": "test",
        **(env_extra or {}),
    }
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "SMTP_URL"):
        env.pop(name, None)
    command = [
        RQ,
        "worker",
        "--worker-class",
        "workers.worker.FaturaWorker",
        "--url",
        redis_url,
        "default",
    ] + (["--burst"] if burst else [])
    return subprocess.Popen(
        command,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _texts(session, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    """n pending SMS deliveries to n different numbers."""
    return [
        deliveries.create_text(
            session,
            medium=DeliveryMedium.SMS,
            destination=f"+55319{70000000 + i:08d}",
            text=f"aviso {i}",
            dedupe_key=f"crash-{i}",
        )[0].id
        for i in range(n)
    ]


def _sweep_later(db, queue, minutes: int) -> sweeper.SweepReport:  # type: ignore[no-untyped-def]
    """Run the sweeper as if `minutes` had passed, and enqueue what it hands back."""
    with db.session() as session:
        report = sweeper.sweep(session, utcnow() + timedelta(minutes=minutes))
    enqueue_deliveries(queue, report.requeue + report.recovered)
    return report


def _outcome(session) -> tuple[dict[str, int], dict[str, int]]:  # type: ignore[no-untyped-def]
    """Deliveries per status, and outbox messages per destination."""
    session.expire_all()
    statuses = dict(
        session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
    )
    sent = dict(
        session.execute(
            select(OutboxMessage.destination, func.count()).group_by(OutboxMessage.destination)
        ).all()
    )
    return {k.value: v for k, v in statuses.items()}, sent


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "stuck_ends"),
    [("before_provider_call", "sent"), ("after_provider_call", "needs_review")],
)
def test_kill_9_of_a_worker(db, redis_url, session, tmp_path, point, stuck_ends) -> None:
    app = create_app(make_config(db.url, redis_url=redis_url), db=db)
    queue = app.extensions["fatura"].queue
    ids = _texts(session, 3)
    enqueue_deliveries(queue, ids)
    victim = _worker(
        db.url,
        redis_url,
        burst=False,
        env_extra={"FATURA_FAILPOINTS": point, "FATURA_FAILPOINT_DIR": str(tmp_path)},
    )
    markers: list[Path] = []
    for _ in range(240):
        markers = list(tmp_path.glob(f"{point}.*"))
        if markers:
            break
        time.sleep(0.25)
    os.killpg(victim.pid, signal.SIGKILL)  # the worker, and any process that hit the point
    for marker in markers:  # (a forking worker's horse has a process group of its own)
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(marker.suffix[1:]), signal.SIGKILL)
    victim.wait(timeout=30)
    assert markers, "the worker never reached the failpoint"
    report = _sweep_later(db, queue, minutes=11)
    assert len(report.recovered) + len(report.needs_review) == 1
    cleaner = _worker(db.url, redis_url, burst=True)
    assert cleaner.wait(timeout=120) == 0
    statuses, sent = _outcome(session)
    expected = {"sent": 3} if stuck_ends == "sent" else {"sent": 2, "needs_review": 1}
    assert statuses == expected
    assert sorted(sent.values()) == [1, 1, 1]  # every number got exactly one message


@pytest.mark.slow
def test_redis_forgetting_100_pending_deliveries_loses_none(db, redis_url, session) -> None:
    app = create_app(make_config(db.url, redis_url=redis_url), db=db)
    queue = app.extensions["fatura"].queue
    ids = _texts(session, 100)
    enqueue_deliveries(queue, ids)
    Redis.from_url(redis_url).flushdb()  # FLUSHALL, limited to the test's own Redis db
    report = _sweep_later(db, queue, minutes=6)
    assert sorted(report.requeue) == sorted(ids)
    worker = _worker(db.url, redis_url, burst=True)
    assert worker.wait(timeout=300) == 0
    statuses, sent = _outcome(session)
    assert statuses == {DeliveryStatus.SENT.value: 100}
    assert len(sent) == 100 and set(sent.values()) == {1}
