"""The queue: the same job runs in-process or in a real `rq worker`, once per delivery."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from app import create_app
from models import Delivery, DeliveryMedium, DeliveryStatus, OutboxMessage
from services.core.job_queue import InProcessQueue
from services.delivery import deliveries
from tests.conftest import make_config
from workers.jobs import send_delivery

RQ = str(Path(sys.executable).parent / "rq")


def _text_delivery(session, key: str = "t-1") -> Delivery:  # type: ignore[no-untyped-def]
    delivery, created = deliveries.create_text(
        session,
        medium=DeliveryMedium.SMS,
        destination="+5531999990000",
        text="Sua fatura está disponível",
        dedupe_key=key,
    )
    assert created
    return delivery


def test_in_process_worker_sends_through_the_outbox(app, session) -> None:
    delivery = _text_delivery(session)
    runtime = app.extensions["fatura"]
    runtime.queue.enqueue(send_delivery, delivery.id)
    runtime.queue.join()
    session.expire_all()
    stored = session.get(Delivery, delivery.id)
    assert stored.status is DeliveryStatus.SENT
    assert [e.status for e in stored.events] == ["pending", "sending", "provider_call", "sent"]
    outbox = session.scalars(select(OutboxMessage)).all()
    assert [(m.destination, m.text) for m in outbox] == [
        ("+5531999990000", "Sua fatura está disponível")
    ]
    assert stored.provider_id == f"outbox-{outbox[0].id}"


def test_a_delivery_is_created_once_per_dedupe_key(session) -> None:
    first = _text_delivery(session, "same")
    again, created = deliveries.create_text(
        session,
        medium=DeliveryMedium.SMS,
        destination="+5531999990000",
        text="x",
        dedupe_key="same",
    )
    assert not created and again.id == first.id


def test_running_the_job_twice_sends_once(app, session) -> None:
    delivery = _text_delivery(session)
    send_delivery(delivery.id)
    send_delivery(delivery.id)
    assert len(session.scalars(select(OutboxMessage)).all()) == 1


def test_a_failing_job_is_retried_by_the_in_process_worker(app) -> None:
    calls: list[int] = []

    def flaky(n: int) -> None:
        calls.append(n)
        if len(calls) < 3:
            raise RuntimeError("transient")

    queue = InProcessQueue(intervals=(0, 0, 0))
    queue.start(app)
    queue.enqueue(flaky, 7)
    queue.join()
    assert calls == [7, 7, 7]


def test_a_real_rq_worker_runs_the_same_job(db, redis_url, session) -> None:
    app = create_app(make_config(db.url, redis_url=redis_url), db=db)
    delivery = _text_delivery(session)
    app.extensions["fatura"].queue.enqueue(send_delivery, delivery.id)
    env = {**os.environ, "DATABASE_URL": db.url, "REDIS_URL": redis_url, "APP_ENV": "test"}
    result = subprocess.run(
        [RQ, "worker", "--burst", "--url", redis_url, "default"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    session.expire_all()
    assert session.get(Delivery, delivery.id).status is DeliveryStatus.SENT
    assert len(session.scalars(select(OutboxMessage)).all()) == 1


def test_enqueue_once_keeps_one_waiting_job_until_it_starts(redis_url) -> None:
    from services.core.job_queue import RedisQueue

    queue = RedisQueue(redis_url)
    for _ in range(3):  # three deferred messages ask for the same dispatch
        queue.enqueue_once(send_delivery, 1, job_id="once-test")
    assert queue.depth() == 1
    queue.release("once-test")  # the job started: the next message asks again
    queue.enqueue_once(send_delivery, 1, job_id="once-test")
    assert queue.depth() == 2
