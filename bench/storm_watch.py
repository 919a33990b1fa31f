"""The storm benchmark's view of answers: a stand-in for Twilio's REST API in a child process
(it counts what is sent), and the database's word on which messages have their answers."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection

from aload import Run
from sqlalchemy import text
from sqlalchemy.engine import Engine

ANSWERED = text(
    """SELECT provider_message_id, reply_via FROM inbound_message
    WHERE provider_message_id LIKE :prefix AND processed_at IS NOT NULL
    AND reply_via IN ('twiml', 'sent')"""
)
REST_EXPECTED = text(
    "SELECT coalesce(sum(json_array_length(replies)), 0) FROM inbound_message "
    "WHERE reply_via IN ('rest', 'sent')"
)


def _serve(conn: Connection) -> None:
    """Child process: run the tests' fake Twilio; answer 'count' with the messages it took."""
    from tests.support.fake_twilio import FakeTwilio

    fake = FakeTwilio().start()
    conn.send(fake.url)
    while conn.recv() == "count":
        conn.send(sum(1 for r in list(fake.requests) if r.path.endswith("/Messages.json")))
    fake.stop()


@dataclass
class FakeRest:
    """The running fake: its base URL and a way to ask how many messages it was sent."""

    url: str
    conn: Connection

    def count(self) -> int:
        """Messages sent through the REST API so far."""
        self.conn.send("count")
        return int(self.conn.recv())


@contextmanager
def fake_twilio() -> Iterator[FakeRest]:
    """The fake Twilio REST API in its own process (not to take the generator's GIL)."""
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=_serve, args=(child,), daemon=True)
    process.start()
    try:
        yield FakeRest(parent.recv(), parent)
    finally:
        parent.send("stop")
        process.join(timeout=10)


@dataclass
class Answers:
    """When each message of a step had its answer: seconds from its scheduled time."""

    delays: dict[str, float]  # MessageSid → seconds; missing: never answered
    rest: int  # answered through the REST API (deferred)
    all_by_s: float | None  # seconds from the step's start until every message was answered


def watch(
    engine: Engine, tag: str, sids: list[str], run: Run, rate: float, limit_s: float
) -> Answers:
    """Poll the database until every message of the step is answered or `limit_s` passed
    since the step's last scheduled message. A TwiML answer counts when its HTTP response
    came back 200; a deferred one when the poll first sees all its replies sent."""
    started = time.monotonic() - run.seconds  # the step's first scheduled time, roughly
    due = {sid: i / rate for i, sid in enumerate(sids)}
    http = dict(zip(sids, run.sent, strict=True))
    delays: dict[str, float] = {}
    rest = 0
    deadline = started + len(sids) / rate + limit_s
    while True:
        now = time.monotonic()
        with engine.connect() as conn:
            rows = conn.execute(ANSWERED, {"prefix": f"SM{tag}-%"}).all()
        for sid, via in rows:
            if sid in delays:
                continue
            if via == "twiml":
                if http[sid].status == 200:
                    delays[sid] = http[sid].latency_ms / 1000
            else:
                delays[sid] = now - started - due[sid]
                rest += 1
        if len(delays) == len(sids) or now > deadline:
            break
        time.sleep(0.25)
    done = now - started if len(delays) == len(sids) else None
    return Answers(delays, rest, done)


def rest_expected(engine: Engine) -> int:
    """REST replies the database says were due (to compare with what the fake received)."""
    with engine.connect() as conn:
        return int(conn.execute(REST_EXPECTED).scalar_one())
