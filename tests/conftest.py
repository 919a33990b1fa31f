"""Shared fixtures: every database test runs on SQLite and, when TEST_DATABASE_URL is set, on
PostgreSQL; queue tests run in-process and, when TEST_REDIS_URL is set, on real Redis."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

import migrations
from app import create_app
from config import Config, normalise_database_url
from models import Base, Database

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


def _worker_redis(url: str | None) -> str | None:
    """The Redis database of this pytest-xdist worker, so workers never flush each other's
    queues: gw0 uses the URL's own, gwN the one 6·N after it (wrapping at Redis's 16; the
    step keeps runs given neighbouring databases, 10 to 15, from meeting)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    if not url or not worker.isdigit() or worker == "0":
        return url
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number) + 6 * int(worker)) % 16}" if number.isdigit() else url


TEST_REDIS_URL = _worker_redis(os.environ.get("TEST_REDIS_URL"))
API_TOKEN = "test-api-token"
DB_BACKENDS = ["sqlite", "postgresql"]


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which real servers this run uses, so CI logs show it."""
    pg = f"postgresql ({TEST_DATABASE_URL})" if TEST_DATABASE_URL else "postgresql: SKIPPED"
    redis = f"redis ({TEST_REDIS_URL})" if TEST_REDIS_URL else "redis: SKIPPED"
    return [
        f"database backends: sqlite, {pg}",
        f"queue backends: in-process, {redis}",
    ]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A private schema in the test PostgreSQL, migrated once, dropped at the end."""
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (set by .ci/run)")
    schema = f"t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    base = normalise_database_url(TEST_DATABASE_URL)
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    db = Database(url)
    migrations.upgrade(db.engine)
    db.dispose()
    yield url
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file migrated once for the whole run."""
    path = tmp_path_factory.mktemp("db") / "fatura.sqlite3"
    url = f"sqlite:///{path}"
    db = Database(url)
    migrations.upgrade(db.engine)
    db.dispose()
    return url


@pytest.fixture(params=DB_BACKENDS)
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty, migrated database on each backend."""
    url = request.getfixturevalue("pg_url" if request.param == "postgresql" else "sqlite_url")
    _empty(url)
    return url


def _empty(url: str) -> None:
    """Delete every row, children first, keeping the schema."""
    db = Database(url)
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    db.dispose()


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A Database on the empty test database."""
    database = Database(db_url)
    yield database
    database.dispose()


def make_config(db_url: str, **overrides: object) -> Config:
    """A test configuration: outbox channels, API token set, given database."""
    values: dict[str, object] = {"app_env": "test", "database_url": db_url, "api_token": API_TOKEN}
    values.update(overrides)
    return Config(**values)  # type: ignore[arg-type]


@pytest.fixture
def app(db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The app on the test database with the in-process queue."""
    application = create_app(make_config(db.url, media_dir=str(tmp_path / "media")), db=db)
    with application.app_context():
        yield application
    _settle(application)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def auth() -> dict[str, str]:
    """Headers of an authorised ERP API request."""
    return {"Authorization": f"Bearer {API_TOKEN}"}


@pytest.fixture
def session(db: Database):  # type: ignore[no-untyped-def]
    """A session on the test database."""
    with db.session() as s:
        yield s


@pytest.fixture
def redis_url() -> str:
    """The test Redis, flushed; skipped only when TEST_REDIS_URL is not set."""
    if not TEST_REDIS_URL:
        pytest.skip("Redis tests need TEST_REDIS_URL (set by .ci/run)")
    from redis import Redis

    Redis.from_url(TEST_REDIS_URL).flushdb()
    return TEST_REDIS_URL


@pytest.fixture
def chat_app(db, session, tmp_path):  # type: ignore[no-untyped-def]
    """The app with Twilio signatures on, outbox channels and the demo distributor."""
    from services.core.clock import local_today
    from services.erp.demo import load_demo
    from tests.support.chat import AUTH_TOKEN, BASE_URL

    load_demo(session, local_today())
    application = create_app(
        make_config(
            db.url,
            twilio_auth_token=AUTH_TOKEN,
            public_base_url=BASE_URL,
            media_dir=str(tmp_path / "m"),
        ),
        db=db,
    )
    with application.app_context():
        yield application
    _settle(application)


def _settle(application) -> None:  # type: ignore[no-untyped-def]
    """Let jobs a test left queued finish, so they cannot write into the next test's rows."""
    queue = application.extensions["fatura"].queue
    if hasattr(queue, "join"):
        queue.join(5.0)


@pytest.fixture
def mail_app(db, session, tmp_path):  # type: ignore[no-untyped-def]
    """The demo distributor's app sending e-mail through a real SMTP server in this process;
    yields the app and the server's recorder of what it accepted."""
    from services.core.clock import local_today
    from services.erp.demo import load_demo
    from tests.support.smtp import MAIL_FROM, PUBLIC, smtp_server

    load_demo(session, local_today())
    with smtp_server() as (recorder, port):
        config = make_config(
            db.url,
            smtp_url=f"smtp://127.0.0.1:{port}",
            mail_from=MAIL_FROM,
            public_base_url=PUBLIC,
            media_dir=str(tmp_path / "m"),
        )
        application = create_app(config, db=db)
        with application.app_context():
            yield application, recorder
        _settle(application)


@pytest.fixture
def staff(chat_app, session):  # type: ignore[no-untyped-def]
    """A test client of the demo distributor's app with a staff member logged in."""
    from tests.support.admin_client import log_in

    return log_in(chat_app.test_client(), session)


@pytest.fixture
def fake_twilio():  # type: ignore[no-untyped-def]
    """A running local fake of Twilio's Messages API (tests/support/fake_twilio.py)."""
    from tests.support.fake_twilio import FakeTwilio

    server = FakeTwilio().start()
    yield server
    server.stop()


@pytest.fixture
def twilio_staff(db, session, tmp_path, fake_twilio):  # type: ignore[no-untyped-def]
    """The demo distributor on the fake Twilio with the hand-off template, people answering
    at every hour; yields the app and a logged-in staff client."""
    from services.core.clock import local_today
    from services.erp.demo import load_demo
    from tests.support.admin_client import log_in
    from tests.support.handoffs import business_hours, forget_settings, twilio_app

    load_demo(session, local_today())
    business_hours(session)
    application = twilio_app(db, str(tmp_path / "m"), fake_twilio)
    with application.app_context():
        yield application, log_in(application.test_client(), session)
    _settle(application)
    forget_settings()
