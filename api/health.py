"""GET /healthz: 200 when the database and the queue answer, 503 naming the part that does not;
and, for a storm, the queue's depth and how long the oldest unanswered message has waited."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, jsonify

from models import utcnow
from services.chat.traffic import oldest_unanswered_seconds
from services.core.runtime import current, db_session

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    """Check each dependency and report its state."""
    runtime = current()
    checks = {"database": runtime.db.ping, "queue": runtime.queue.ping}
    report: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
            report[name] = "ok"
        except Exception as exc:
            log.warning("healthz: %s failing: %s", name, type(exc).__name__)
            report[name] = f"error: {type(exc).__name__}"
    healthy = all(state == "ok" for state in report.values())
    body = {
        "status": "ok" if healthy else "fail",
        **report,
        "database_backend": runtime.db.backend,
        "queue_backend": runtime.queue.backend,
        **_backlog(report),
    }
    return jsonify(body), 200 if healthy else 503


def _backlog(report: dict[str, str]) -> dict[str, Any]:
    """Queue depth and the oldest unanswered message's wait in seconds (null when the part
    that knows is failing)."""
    depth = age = None
    if report["queue"] == "ok":
        depth = current().queue.depth()
    if report["database"] == "ok":
        age = round(oldest_unanswered_seconds(db_session(), utcnow()), 1)
    return {"queue_depth": depth, "oldest_unanswered_s": age}
