"""gunicorn settings, read from the working directory by `gunicorn` (Procfile `web:`, and
`bench/webhook.py` for the app and its floor alike)."""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Once the worker has loaded the app, move every object alive then (modules, templates,
    compiled statements) out of the garbage collector's full passes with `gc.freeze()`.

    Without it, each full collection walks those long-lived objects and stalls the request in
    progress for 85-95 ms on this machine (measured with `gc.callbacks` under the webhook
    bench), which is what pushed the webhook's p99 past 50 ms.
    """
    gc.collect()
    gc.freeze()
