"""Where a simulator photo waits for its reading: held by the job queue, so a real `rq worker`
process (another process, another media folder) reads what the web process received; in
Redis with an expiry, or in the in-process queue's memory; taken once."""

from __future__ import annotations

import io
import os
import subprocess

from redis import Redis
from sqlalchemy import select

from app import create_app
from bot.texts import text
from models import OutboxMessage
from services.core.clock import local_today
from services.core.job_queue import HELD_PREFIX, InProcessQueue, RedisQueue
from services.erp.demo import load_demo
from tests.conftest import make_config
from tests.support.photos import blank_photo
from tests.test_queue import RQ

PHONE = "+5521988776655"


def test_a_photo_sent_to_the_web_process_is_read_by_an_rq_worker(
    db, redis_url, session, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The embedded-default simulator on Redis: the worker, a process of its own with its own
    media folder, reads the photo and its answer reaches the outbox; nothing stays held."""
    load_demo(session, local_today())  # the distributor's settings: WhatsApp answered
    config = make_config(db.url, app_env="development", redis_url=redis_url,
                         media_dir=str(tmp_path / "web"))  # fmt: skip
    app = create_app(config, db=db)
    with app.app_context():
        fields = {"channel": "whatsapp", "phone": PHONE,
                  "photo": (io.BytesIO(blank_photo()), "conta.jpg", "image/jpeg")}  # fmt: skip
        answer = app.test_client().post("/simulator/photo", data=fields)
    assert answer.get_json()["replies"] == [text("photo_reading")]
    held = Redis.from_url(redis_url).keys(HELD_PREFIX + "*")
    assert len(held) == 1
    env = {**os.environ, "DATABASE_URL": db.url, "REDIS_URL": redis_url, "APP_ENV": "test",
           "PUBLIC_BASE_URL": config.public_base_url,
           "FATURA_MEDIA_DIR": str(tmp_path / "worker")}  # fmt: skip
    result = subprocess.run([RQ, "worker", "--burst", "--url", redis_url, "default"], env=env,
                            capture_output=True, text=True, timeout=180)  # fmt: skip
    assert result.returncode == 0, result.stderr
    session.expire_all()
    sent = session.scalars(select(OutboxMessage.text).where(OutboxMessage.destination == PHONE))
    assert list(sent) == [text("photo_no_code")]
    assert Redis.from_url(redis_url).keys(HELD_PREFIX + "*") == []


def test_redis_holds_bytes_with_an_expiry_and_gives_them_once(redis_url) -> None:  # type: ignore[no-untyped-def]
    queue = RedisQueue(redis_url)
    queue.hold("k", b"\x89PNG-bytes", 3600)
    assert 3500 < Redis.from_url(redis_url).ttl(HELD_PREFIX + "k") <= 3600
    assert queue.take("k") == b"\x89PNG-bytes"
    assert queue.take("k") is None and queue.take("never-held") is None


def test_the_in_process_queue_gives_bytes_once_and_forgets_expired_ones() -> None:
    queue = InProcessQueue()
    queue.hold("old", b"expired", 0)
    queue.hold("new", b"fresh", 3600)
    assert list(queue.held) == ["new"]  # the expired bytes went as others came
    assert queue.take("old") is None
    assert queue.take("new") == b"fresh" and queue.take("new") is None
