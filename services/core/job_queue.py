"""The job queue behind one small interface: RQ on Redis, or an in-process worker thread.

`create_app()` picks one (REDIS_URL set or not); services only call `enqueue`, so the same
code path runs embedded and distributed. Job functions are plain module functions taking
ids (never personal data) and must be idempotent: the database row says what is left to do.
Bytes a job needs that no row holds (a simulator photo until it is read) are `hold`-en where
the job will run, for a limited time, and `take`-n once: in Redis, or in this process.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

RETRY_INTERVALS = (5, 30, 120)
ONCE_TTL_S = 300  # enqueue_once's flag outlives a job lost before it started for this long


class JobQueue(Protocol):
    """What services need from a queue."""

    backend: str

    def enqueue(self, func: Callable[..., Any], *args: Any, job_id: str | None = None) -> None:
        """Schedule `func(*args)` to run soon in a worker."""

    def ping(self) -> None:
        """Raise if the queue cannot take work right now."""

    def enqueue_once(self, func: Callable[..., Any], *args: Any, job_id: str) -> None:
        """Enqueue unless the job `job_id` is still waiting (it calls `release` as it starts):
        how a webhook asks for work many times a second at the cost of one flag."""

    def release(self, job_id: str) -> None:
        """The job `job_id` has started: the next `enqueue_once` of it enqueues again."""

    def depth(self) -> int:
        """Jobs waiting to start (what /healthz reports: a storm shows here first)."""

    def every(self, seconds: float, func: Callable[[], Any]) -> None:
        """Run `func` as a job every `seconds` (where this queue schedules by itself)."""

    def drain(self, timeout: float) -> None:
        """Before a short-lived process exits: finish the jobs only it would run."""

    def hold(self, key: str, data: bytes, seconds: int) -> None:
        """Keep `data` under `key` for a job, at most `seconds`."""

    def take(self, key: str) -> bytes | None:
        """The bytes held under `key`, removed as they are read (None: none, or expired)."""


HELD_PREFIX = "fatura:held:"


class RedisQueue:
    """RQ on a Redis server; `rq worker` processes (Procfile) run the jobs."""

    backend = "redis"

    def __init__(self, url: str, name: str = "default") -> None:
        """Connect lazily to `url`, with short timeouts so a dead Redis is noticed quickly."""
        from redis import Redis
        from rq import Queue

        self.redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self.queue = Queue(name, connection=self.redis)

    def enqueue(self, func: Callable[..., Any], *args: Any, job_id: str | None = None) -> None:
        """Put the job on Redis with RQ's retry policy."""
        from rq import Retry

        self.queue.enqueue(
            func,
            *args,
            job_id=job_id,
            retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
        )

    def ping(self) -> None:
        """PING the Redis server."""
        self.redis.ping()

    def enqueue_once(self, func: Callable[..., Any], *args: Any, job_id: str) -> None:
        """One SET NX; the job is enqueued only by whoever set the flag (it expires after
        ONCE_TTL_S, should a job be lost before it starts)."""
        if self.redis.set(f"fatura:waiting:{job_id}", 1, nx=True, ex=ONCE_TTL_S):
            self.enqueue(func, *args, job_id=job_id)

    def release(self, job_id: str) -> None:
        """Clear the flag."""
        self.redis.delete(f"fatura:waiting:{job_id}")

    def depth(self) -> int:
        """The RQ queue's length (one LLEN)."""
        return int(self.queue.count)

    def every(self, seconds: float, func: Callable[[], Any]) -> None:
        """Nothing to do here: the `clock` process (`rq cron workers/cron.py`) schedules."""
        log.info("%s is scheduled by rq cron, not by this process", func.__name__)

    def drain(self, timeout: float) -> None:
        """Nothing to do: `rq worker` processes run the jobs."""

    def hold(self, key: str, data: bytes, seconds: int) -> None:
        """SET with an expiry, on the Redis every worker process reads."""
        self.redis.set(HELD_PREFIX + key, data, ex=seconds)

    def take(self, key: str) -> bytes | None:
        """GETDEL: read and removed at once, so only one reader gets them."""
        found = self.redis.getdel(HELD_PREFIX + key)
        return bytes(found) if found is not None else None  # type: ignore[arg-type]


class InProcessQueue:
    """A daemon thread running jobs inside the app's context, with the same retry policy."""

    backend = "in-process"

    def __init__(self, intervals: tuple[float, ...] = RETRY_INTERVALS) -> None:
        """Create the queue; the thread starts with `start(app)`."""
        self.intervals = intervals
        self.jobs: queue.Queue[tuple[Callable[..., Any], tuple[Any, ...], int]] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.app: Any = None
        self.lock = threading.Lock()
        self.scheduled = 0
        self.waiting: set[str] = set()
        self.held: dict[str, tuple[float, bytes]] = {}  # key: (monotonic expiry, bytes)

    def start(self, app: Any) -> None:
        """Bind the Flask app whose context jobs run in, and start the worker thread once."""
        self.app = app
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self._run, name="fatura-jobs", daemon=True)
            self.thread.start()

    def enqueue(self, func: Callable[..., Any], *args: Any, job_id: str | None = None) -> None:
        """Queue `func(*args)` for the worker thread."""
        self.jobs.put((func, args, 0))

    def ping(self) -> None:
        """Raise if the worker thread is not running."""
        if self.thread is None or not self.thread.is_alive():
            raise RuntimeError("in-process worker thread is not running")

    def enqueue_once(self, func: Callable[..., Any], *args: Any, job_id: str) -> None:
        """Enqueue unless `job_id` is waiting."""
        with self.lock:
            if job_id in self.waiting:
                return
            self.waiting.add(job_id)
        self.enqueue(func, *args, job_id=job_id)

    def release(self, job_id: str) -> None:
        """Forget that `job_id` waits."""
        with self.lock:
            self.waiting.discard(job_id)

    def depth(self) -> int:
        """Jobs queued for the thread, and retries waiting for their interval."""
        return self.jobs.qsize() + self.scheduled

    def every(self, seconds: float, func: Callable[[], Any]) -> None:
        """Enqueue `func` every `seconds` from a daemon timer thread."""

        def loop() -> None:
            while True:
                time.sleep(seconds)
                self.enqueue(func)

        threading.Thread(target=loop, name=f"every-{func.__name__}", daemon=True).start()

    def drain(self, timeout: float) -> None:
        """Run what is queued before the process exits (nobody else would)."""
        self.join(timeout)

    def hold(self, key: str, data: bytes, seconds: int) -> None:
        """Keep `data` in memory (the jobs run in this process); expired bytes go now."""
        now = time.monotonic()
        with self.lock:
            self.held = {k: v for k, v in self.held.items() if v[0] > now}
            self.held[key] = (now + seconds, data)

    def take(self, key: str) -> bytes | None:
        """The held bytes, removed; None when none or expired."""
        with self.lock:
            expiry, data = self.held.pop(key, (0.0, b""))
        return data if expiry > time.monotonic() else None

    def join(self, timeout: float = 30.0) -> None:
        """Wait until every queued job (and its due retries) has finished; for tests and CLI."""
        deadline = time.monotonic() + timeout
        while (self.jobs.unfinished_tasks or self.scheduled) and time.monotonic() < deadline:
            time.sleep(0.01)

    def _run(self) -> None:
        """Take jobs one at a time; a failing job is retried after the next interval."""
        while True:
            func, args, attempt = self.jobs.get()
            try:
                with self.app.app_context():
                    func(*args)
            except Exception:
                self._retry_or_give_up(func, args, attempt)
            finally:
                self.jobs.task_done()

    def _retry_or_give_up(
        self, func: Callable[..., Any], args: tuple[Any, ...], attempt: int
    ) -> None:
        """Schedule the next attempt after its interval, or log the final failure."""
        name = getattr(func, "__name__", repr(func))
        if attempt >= len(self.intervals):
            log.exception("job %s failed for good after %d attempts", name, attempt + 1)
            return
        log.warning("job %s failed (attempt %d); retrying", name, attempt + 1, exc_info=True)
        with self.lock:
            self.scheduled += 1
        timer = threading.Timer(self.intervals[attempt], self._release, (func, args, attempt + 1))
        timer.daemon = True
        timer.start()

    def _release(self, func: Callable[..., Any], args: tuple[Any, ...], attempt: int) -> None:
        """Re-queue a job whose retry interval has passed."""
        self.jobs.put((func, args, attempt))
        with self.lock:
            self.scheduled -= 1
