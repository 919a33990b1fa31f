"""The RQ worker class of the Procfile: builds the app once and runs jobs in its own process.

RQ's default Worker forks a work horse per job; measured here, each fork then pays ~30 ms
of cold start (SQLAlchemy's compiled-statement and mapper caches rebuilt in every child)
for a job whose own work is ~4 ms. Our jobs are idempotent and claim their row atomically,
and a worker process that dies is covered by the sweeper, so the isolation a fork buys is
not needed: this worker is an RQ SimpleWorker (jobs run in the worker process, timeouts
still enforced by RQ's signal-based death penalty).
"""

from __future__ import annotations

from typing import Any

from rq import SimpleWorker

from workers import context


class FaturaWorker(SimpleWorker):
    """`rq worker --worker-class workers.worker.FaturaWorker`: the app is ready before jobs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the app from the environment, then start as a normal RQ worker."""
        super().__init__(*args, **kwargs)
        context.prepare_app()
