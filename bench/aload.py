"""An open-loop HTTP load generator on asyncio (uvloop's event loop where installed), for
rates Python threads cannot keep (hundreds of new connections a second while the server
uses both cores).

Every request is built, signed and encoded as raw HTTP/1.1 bytes before the run; each is
sent at its scheduled time whatever happened to the earlier ones, on a fresh connection
(gunicorn's sync workers close after each answer), by a small asyncio Protocol: no HTTP
client library in the path, so the generator spends about a third of a millisecond of CPU
per request (aiohttp spent about one, half a core at 800/s, taken from the server it
measured). Its latency counts from that scheduled time, so queueing in the generator or the
server is never hidden. `lag` says how late the generator itself was in starting requests:
the check that it, not the server, kept the schedule."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from load import Request

try:  # a faster event loop where installed (the test extra installs it)
    import uvloop
except ImportError:  # pragma: no cover - the standard loop still keeps the schedule
    uvloop = None

TIMEOUT_S = 30.0  # a request not answered by then counts as an error


@dataclass(frozen=True)
class Prepared:
    """One request ready to go: its raw HTTP bytes."""

    raw: bytes


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


def prepare(requests: list[Request], port: int) -> list[Prepared]:
    """Encode each request as raw HTTP/1.1 bytes once, before the clock starts."""
    prepared = []
    for path, form, headers in requests:
        body = urlencode(form).encode()
        head = {
            "Host": f"127.0.0.1:{port}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
            "Connection": "close",
            **headers,
        }
        lines = "".join(f"{k}: {v}\r\n" for k, v in head.items())
        prepared.append(Prepared(f"POST {path} HTTP/1.1\r\n{lines}\r\n".encode() + body))
    return prepared


class _Exchange(asyncio.Protocol):
    """One request on its own connection: write it, read the answer to its end."""

    def __init__(self, raw: bytes, done: asyncio.Future[bytes]) -> None:
        """`done` gets the whole answer (b"" when the connection failed)."""
        self.raw, self.done, self.chunks = raw, done, bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Send the request at once."""
        transport.write(self.raw)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        """Collect the answer."""
        self.chunks += data

    def connection_lost(self, exc: Exception | None) -> None:
        """The server closed after its answer (or failed): hand the answer over."""
        if not self.done.done():
            self.done.set_result(bytes(self.chunks))


def _status(answer: bytes) -> int:
    """The HTTP status of a raw answer (0: none)."""
    try:
        return int(answer[9:12]) if answer.startswith(b"HTTP/1.") else 0
    except ValueError:
        return 0


async def _send(port: int, req: Prepared, due: float, lag: list[float]) -> Sent:
    """POST one request; latency from `due` (loop time)."""
    loop = asyncio.get_running_loop()
    lag.append(loop.time() - due)
    done: asyncio.Future[bytes] = loop.create_future()
    transport = None
    try:
        transport, _ = await loop.create_connection(
            lambda: _Exchange(req.raw, done), "127.0.0.1", port
        )
        answer = await asyncio.wait_for(done, TIMEOUT_S)
    except (TimeoutError, OSError):
        answer = b""
    finally:
        if transport is not None:
            transport.close()
    return Sent(_status(answer), (loop.time() - due) * 1000, b"<Message" in answer)


async def _run(port: int, requests: list[Prepared], rate: float) -> Run:
    """Start request i at start + i / rate, without waiting for any answer."""
    loop = asyncio.get_running_loop()
    lag: list[float] = []
    tasks = []
    start = loop.time() + 0.1
    first_sent = last_sent = 0.0
    for index, req in enumerate(requests):
        due = start + index / rate
        wait = due - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        last_sent = loop.time()
        first_sent = first_sent or last_sent
        tasks.append(asyncio.ensure_future(_send(port, req, due, lag)))
    sent = list(await asyncio.gather(*tasks))
    end = loop.time()
    return Run(sent, end - start, last_sent - first_sent, max(lag, default=0.0) * 1000)


def open_loop(port: int, requests: list[Request], rate: float) -> Run:
    """Send `requests` at `rate` a second to 127.0.0.1:port; block until all are answered."""
    prepared = prepare(requests, port)
    began = time.perf_counter()
    if uvloop is not None:
        run = uvloop.run(_run(port, prepared, rate))
    else:
        run = asyncio.run(_run(port, prepared, rate))
    run.seconds = run.seconds or time.perf_counter() - began
    return run
