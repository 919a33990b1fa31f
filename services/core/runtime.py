"""The running service's parts (config, database, queue) and the request/job session."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy.orm import Session

from config import Config
from models import Database
from services.core.job_queue import JobQueue
from services.core.storage import Storage


@dataclass
class Runtime:
    """What `create_app()` wires together and every edge reaches through the app."""

    config: Config
    db: Database
    queue: JobQueue
    storage: Storage


def current() -> Runtime:
    """The Runtime of the Flask app in context."""
    return current_app.extensions["fatura"]


def db_session() -> Session:
    """One session per request or job, closed when the app context ends."""
    if "db_session" not in g:
        g.db_session = current().db.sessions()
    return g.db_session


def close_db_session(exc: BaseException | None = None) -> None:
    """Teardown: roll back anything uncommitted and close the context's session."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
