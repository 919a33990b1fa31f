"""Engine and session factory for one database URL, tuned per backend."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
IDLE_PING_S = 10.0  # a pooled connection unused for longer is pinged before it is handed out


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and enforced foreign keys."""
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, **kwargs)
    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", lambda dbapi, record, _: _ping_if_idle(engine, dbapi, record))
    return engine


def _checked_in(dbapi_connection: Any, record: Any) -> None:
    """Remember when the connection went back to the pool."""
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(engine: Engine, dbapi_connection: Any, record: Any) -> None:
    """Ping a connection that sat idle in the pool for over IDLE_PING_S; a dead one is
    replaced (DisconnectionError makes the pool connect anew).

    `pool_pre_ping` pinged at every checkout: a round trip each time, and a message takes
    two checkouts (its read phase and its write transaction). A busy worker's connections
    are never idle that long, so under load nothing is pinged; after a quiet spell, a
    database restart or a dropped connection is still noticed before a request uses it.
    """
    if time.monotonic() - record.info.get("idle_since", time.monotonic()) <= IDLE_PING_S:
        return
    try:
        engine.dialect.do_ping(dbapi_connection)
    except Exception as error:
        log.warning("pooled connection dead after idling (%s); reconnecting", type(error).__name__)
        raise exc.DisconnectionError() from error


def _ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a file-based SQLite database (e.g. instance/)."""
    path = url.split("///", 1)[-1]
    if path and path != ":memory:" and not path.startswith("file:"):
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    """Make SQLite safe for several processes: WAL, 30 s busy wait, foreign keys."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """One database: its engine and a factory of sessions that keep loaded objects usable."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        """Connect lazily to `url`."""
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that is rolled back on error and always closed."""
        session = self.sessions()
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        """Raise if the database does not answer a trivial query."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    @property
    def backend(self) -> str:
        """The backend's name: sqlite or postgresql."""
        return self.engine.dialect.name

    def dispose(self) -> None:
        """Close pooled connections (after fork, at shutdown)."""
        self.engine.dispose()
