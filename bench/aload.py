"""An open-loop HTTP load generator on asyncio and aiohttp, for rates Python threads cannot
keep (hundreds of new connections a second while the server uses both cores).

Every request is built, signed and encoded before the run; each is sent at its scheduled
time whatever happened to the earlier ones, on a fresh connection (gunicorn's sync workers
close after each answer), and its latency counts from that scheduled time, so queueing in
the generator or the server is never hidden. `lag` says how late the generator itself was
in starting requests: the check that it, not the server, kept the schedule."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import aiohttp
from load import Request

TIMEOUT_S = 30.0  # a request not answered by then counts as an error


@dataclass(frozen=True)
class Prepared:
    """One request ready to go: path, encoded body and headers."""

    path: str
    body: bytes
    headers: dict[str, str]


@dataclass
class Sent:
    """What came of one request: HTTP status (0: no answer), latency from its scheduled
    time, and whether the answer carried a reply (a TwiML <Message>)."""

    status: int
    latency_ms: float
    replied: bool


@dataclass
class Run:
    """Every request's outcome, in order, and how the generator kept its schedule."""

    sent: list[Sent] = field(default_factory=list)
    seconds: float = 0.0  # from the first scheduled start to the last answer
    send_seconds: float = 0.0  # from the first to the last request actually started
    max_lag_ms: float = 0.0  # the latest any request started after its scheduled time

    @property
    def errors(self) -> int:
        """Requests not answered 200."""
        return sum(1 for s in self.sent if s.status != 200)

    @property
    def started_rate(self) -> float:
        """Requests started per second: the rate the generator achieved."""
        return (len(self.sent) - 1) / self.send_seconds if self.send_seconds > 0 else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in ms (unanswered requests count as TIMEOUT_S)."""
        ordered = sorted(s.latency_ms for s in self.sent)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0

    @property
    def max_ms(self) -> float:
        """The slowest request, in ms."""
        return max((s.latency_ms for s in self.sent), default=0.0)


def prepare(requests: list[Request]) -> list[Prepared]:
    """Encode the requests' forms once, before the clock starts."""
    base = {"Content-Type": "application/x-www-form-urlencoded"}
    return [Prepared(p, urlencode(form).encode(), {**base, **h}) for p, form, h in requests]


async def _send(
    session: aiohttp.ClientSession, url: str, req: Prepared, due: float, lag: list[float]
) -> Sent:
    """POST one request; latency from `due` (loop time)."""
    loop = asyncio.get_running_loop()
    lag.append(loop.time() - due)
    try:
        async with session.post(url + req.path, data=req.body, headers=req.headers) as answer:
            text = await answer.read()
            status = answer.status
    except (TimeoutError, aiohttp.ClientError, OSError):
        status, text = 0, b""
    return Sent(status, (loop.time() - due) * 1000, b"<Message" in text)


async def _run(port: int, requests: list[Prepared], rate: float) -> Run:
    """Start request i at start + i / rate, without waiting for any answer."""
    url = f"http://127.0.0.1:{port}"
    loop = asyncio.get_running_loop()
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
    lag: list[float] = []
    tasks = []
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        start = loop.time() + 0.1
        first_sent = last_sent = 0.0
        for index, req in enumerate(requests):
            due = start + index / rate
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            last_sent = loop.time()
            first_sent = first_sent or last_sent
            tasks.append(asyncio.ensure_future(_send(session, url, req, due, lag)))
        sent = list(await asyncio.gather(*tasks))
        end = loop.time()
    return Run(sent, end - start, last_sent - first_sent, max(lag, default=0.0) * 1000)


def open_loop(port: int, requests: list[Request], rate: float) -> Run:
    """Send `requests` at `rate` a second to 127.0.0.1:port; block until all are answered."""
    prepared = prepare(requests)
    began = time.perf_counter()
    run = asyncio.run(_run(port, prepared, rate))
    run.seconds = run.seconds or time.perf_counter() - began
    return run
