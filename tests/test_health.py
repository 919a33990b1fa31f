"""GET /healthz: 200 when database and queue answer, 503 naming the failing part."""

from __future__ import annotations

import socket

from app import create_app
from models import Database
from services.core.job_queue import RedisQueue
from tests.conftest import make_config


def _closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthy_with_the_embedded_queue(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["queue"] == "ok"
    assert body["queue_backend"] == "in-process"


def test_healthy_with_real_redis(db, redis_url) -> None:
    app = create_app(make_config(db.url, redis_url=redis_url), db=db)
    body = app.test_client().get("/healthz").get_json()
    assert body["queue"] == "ok" and body["queue_backend"] == "redis"


def test_dead_redis_is_503_naming_the_queue(db) -> None:
    dead = f"redis://127.0.0.1:{_closed_port()}/0"
    app = create_app(make_config(db.url, redis_url=dead), db=db, queue=RedisQueue(dead))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fail"
    assert body["database"] == "ok"
    assert body["queue"].startswith("error: ")


def test_dead_database_is_503_naming_the_database(tmp_path) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{_closed_port()}/none?connect_timeout=2"
    db = Database(url)
    app = create_app(make_config(url), db=db)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["database"].startswith("error: ") and body["queue"] == "ok"
