"""Pooled PostgreSQL connections are pinged only after sitting idle (models/db.py): a
connection the server closed while it idled is replaced before a request uses it."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from models import Database
from models import db as db_module


def test_a_connection_closed_while_idle_is_replaced_unnoticed(pg_url, monkeypatch) -> None:
    database = Database(pg_url)
    with database.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    # The server (a restart, an idle timeout) ends the pooled connection.
    with create_engine(pg_url).connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    monkeypatch.setattr(db_module, "IDLE_PING_S", 0.0)  # it has been idle "long enough"
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    database.dispose()
