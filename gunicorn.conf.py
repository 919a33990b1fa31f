"""gunicorn settings, read from the working directory by `gunicorn` (Procfile `web:`, and
`bench/webhook.py` for the app and its floor alike)."""

from __future__ import annotations

import gc
from typing import Any

from gunicorn.glogging import Logger

from services.core.access_log import redact_links
from services.core.backlog import watch as watch_accept_queue


class RedactingLogger(Logger):
    """gunicorn's logger with every text atom of the access log (request line, path, referer,
    headers, environ) masked by `redact_links`: document and short links are bearer tokens."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        """The standard atoms, links masked."""
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact_links(v) if isinstance(v, str) else v for k, v in atoms.items()}


logger_class = RedactingLogger


def post_worker_init(worker: Any) -> None:
    """Once the worker has loaded the app, move every object alive then (modules, templates,
    compiled statements) out of the garbage collector's full passes with `gc.freeze()`.

    Without it, each full collection walks those long-lived objects and stalls the request in
    progress for 85-95 ms on this machine (measured with `gc.callbacks` under the webhook
    bench), which is what pushed the webhook's p99 past 50 ms.

    It also hands the worker's listening sockets to `services.core.backlog`, whose accept
    queue says when a webhook should answer later (services/chat/deferral.py). (Not
    imported as `backlog`: every module-level name here is read as a gunicorn setting.)
    """
    watch_accept_queue([listener.sock for listener in getattr(worker, "sockets", [])])
    gc.collect()
    gc.freeze()
