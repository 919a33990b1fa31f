"""The RQ worker class of the Procfile: builds the app once, before forking.

RQ's default Worker forks a work horse per job; without this each job would build the Flask
app (config, engine, templates) from scratch. The inherited connection pool is disposed in
each child so no database connection is shared across processes.
"""

from __future__ import annotations

import os
from typing import Any

from rq import Worker

from workers import context


def _fresh_pool_in_child() -> None:
    """After fork: forget the parent's pooled connections (without closing them for it)."""
    app = context.prepared_app()
    if app is not None:
        app.extensions["fatura"].db.engine.dispose(close=False)


os.register_at_fork(after_in_child=_fresh_pool_in_child)


class FaturaWorker(Worker):
    """`rq worker --worker-class workers.worker.FaturaWorker`: the app is ready before jobs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the app from the environment, then start as a normal RQ worker."""
        super().__init__(*args, **kwargs)
        context.prepare_app()
