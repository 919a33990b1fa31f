"""A small HTTP load generator for the webhook benchmark: open loop at an offered rate
(latency measured from each request's scheduled time, so queueing is not hidden) and a
closed loop that finds the saturation throughput. Bounded in count and time; loopback only."""

from __future__ import annotations

import http.client
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

Request = tuple[str, dict[str, str], dict[str, str]]  # path, form, headers


@dataclass
class Result:
    """Latencies (ms) and outcome counts of a run."""

    latencies: list[float]
    errors: int
    seconds: float

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in ms."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def _post(port: int, req: Request) -> int:
    """One POST on a fresh connection (gunicorn's sync workers close after each)."""
    path, form, headers = req
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            urlencode(form),
            {"Content-Type": "application/x-www-form-urlencoded", **headers},
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def open_loop(
    port: int, make: Callable[[int], Request], rate: float, seconds: float, threads: int = 32
) -> Result:
    """Send `rate` requests a second for `seconds`; latency counts from the scheduled time."""
    total = int(rate * seconds)
    jobs: queue.Queue[tuple[int, float] | None] = queue.Queue()
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def work() -> None:
        while (job := jobs.get()) is not None:
            index, due = job
            time.sleep(max(0.0, due - time.perf_counter()))
            status = _post(port, make(index))
            elapsed = (time.perf_counter() - due) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += status != 200

    workers = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for index in range(total):
        jobs.put((index, start + index / rate))
    for _ in workers:
        jobs.put(None)
    for worker in workers:
        worker.join(timeout=seconds + 120)
    return Result(latencies, errors[0], time.perf_counter() - start)


def closed_loop(port: int, make: Callable[[int], Request], clients: int, seconds: float) -> Result:
    """`clients` threads sending back to back for `seconds`: the saturation throughput."""
    latencies: list[float] = []
    errors = [0]
    counter = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work() -> None:
        while time.perf_counter() < deadline:
            with lock:
                index = counter[0]
                counter[0] += 1
            began = time.perf_counter()
            status = _post(port, make(index))
            with lock:
                latencies.append((time.perf_counter() - began) * 1000)
                errors[0] += status != 200

    started = time.perf_counter()
    workers = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 60)
    return Result(latencies, errors[0], time.perf_counter() - started)
