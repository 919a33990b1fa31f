"""The web says it is behind, the drains hear it (issue 21): on the real Redis every worker
process shares, and in this process for the in-process queue; the flag expires by itself."""

from __future__ import annotations

import time

import pytest

from services.core import pressure
from services.core.job_queue import InProcessQueue, RedisQueue


@pytest.fixture(autouse=True)
def calm(monkeypatch):  # type: ignore[no-untyped-def]
    """Short lives, so expiry is seen quickly; no memory of another test's flag."""
    monkeypatch.setattr(pressure, "HOLD_S", 0.3)
    monkeypatch.setattr(pressure, "ASK_EVERY_S", 0.0)
    pressure.forget()
    yield
    pressure.forget()


def test_on_redis_another_process_hears_it_until_it_expires(redis_url: str) -> None:
    web, worker = RedisQueue(redis_url), RedisQueue(redis_url)
    worker.redis.delete(pressure.KEY)
    assert not pressure.web_behind(worker)
    pressure.say_behind(web)
    assert 0 < web.redis.pttl(pressure.KEY) <= 300
    pressure.forget()  # the worker is another process: it has no memory of saying it
    assert pressure.web_behind(worker)
    time.sleep(0.4)
    assert not pressure.web_behind(worker)


def test_a_web_worker_says_it_at_most_every_tenth_of_a_second(redis_url: str) -> None:
    web = RedisQueue(redis_url)
    web.redis.delete(pressure.KEY)
    pressure.say_behind(web)
    web.redis.delete(pressure.KEY)
    pressure.say_behind(web)  # a burst of webhooks: one SET, not one each
    assert not web.redis.exists(pressure.KEY)
    time.sleep(pressure.SAY_EVERY_S)
    pressure.say_behind(web)
    assert web.redis.exists(pressure.KEY)


def test_without_redis_the_flag_lives_in_this_process() -> None:
    queue = InProcessQueue()
    assert not pressure.web_behind(queue)
    pressure.say_behind(queue)
    assert pressure.web_behind(queue)
    time.sleep(0.4)
    assert not pressure.web_behind(queue)


def test_a_redis_outage_never_fails_the_webhook_that_says_it() -> None:
    down = RedisQueue("redis://127.0.0.1:1/0")
    pressure.say_behind(down)  # refused connection: swallowed, nothing raised
