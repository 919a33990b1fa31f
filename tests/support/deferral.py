"""What the deferral tests share: a job queue the test runs by hand, and a clean slate for
the per-process throttles of the storm path (import `calm` to have it autouse)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.core import pressure
from workers import jobs


class HeldQueue:
    """A queue that keeps jobs until the test runs them, so it chooses who goes first."""

    backend = "held"

    def __init__(self) -> None:
        """No jobs yet."""
        self.jobs: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self.waiting: set[str] = set()

    def enqueue(self, func: Callable[..., Any], *args: Any, job_id: str | None = None) -> None:
        """Keep the job."""
        self.jobs.append((func, args))

    def enqueue_once(self, func: Callable[..., Any], *args: Any, job_id: str) -> None:
        """Keep the job unless one of this id waits."""
        if job_id not in self.waiting:
            self.waiting.add(job_id)
            self.enqueue(func, *args)

    def release(self, job_id: str) -> None:
        """The job started."""
        self.waiting.discard(job_id)

    def ping(self) -> None:
        """Always up."""

    def depth(self) -> int:
        """Jobs kept."""
        return len(self.jobs)

    def every(self, seconds: float, func: Callable[[], Any]) -> None:
        """Nothing is scheduled here."""

    def drain(self, timeout: float) -> None:
        """Nothing to drain."""

    def run(self) -> list[str]:
        """Run every kept job (and those they enqueue), in order; their names."""
        names = []
        while self.jobs:
            func, args = self.jobs.pop(0)
            names.append(func.__name__)
            func(*args)
        return names


@pytest.fixture(autouse=True)
def calm() -> Any:
    """No test starts or leaves with the web said to be behind (a per-process flag)."""
    pressure.forget()
    jobs._asked.clear()
    yield
    pressure.forget()
