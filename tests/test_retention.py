"""The retention purge: what outlived its setting goes, the history and the consent proof stay."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import (
    Consent,
    Conversation,
    Delivery,
    DeliveryEvent,
    DeliveryKind,
    DeliveryMedium,
    Enrollment,
    Handoff,
    HandoffMessage,
    IdentificationAttempt,
    IdentificationFailure,
    InboundMessage,
    Invoice,
    OutageReport,
    OutboxMessage,
    ShortLink,
    Unit,
    UnrecognizedMessage,
)
from services import settings
from services.chat.id_attempts import WINDOW as LOCK_WINDOW
from services.core.clock import LOCAL_TZ
from services.core.storage import LocalStorage
from services.documents.documents import ensure_document
from services.erp.demo import load_demo
from services.privacy import retention

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
NUDGE = timedelta(minutes=1)
PHONE = "+5531988880000"
KINDS = [
    "hand-off messages",
    "hand-offs",
    "outage reports",
    "unrecognized messages",
    "inbound messages",
    "conversations",
    "identification failures",
    "identification attempts",
    "outbox messages",
    "short links",
    "documents",
]


def ago(days: int, age: str) -> datetime:
    """Just before (`old`) or just after (`new`) the cutoff of a `days` retention."""
    return NOW - timedelta(days=days) + (-NUDGE if age == "old" else NUDGE)


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    """The demo distributor: a UC with invoices, deliveries and an enrolment."""
    load_demo(session, NOW.date())
    return session


def _invoice_id(session) -> int:  # type: ignore[no-untyped-def]
    """Some invoice of the demo UC."""
    return session.scalar(select(Invoice.id).order_by(Invoice.id))


def _message(session, label: str, at: datetime) -> InboundMessage:  # type: ignore[no-untyped-def]
    """An inbound message whose body is `label`."""
    row = InboundMessage(
        provider_message_id=f"SM{label}",
        channel="whatsapp",
        from_number=PHONE,
        body=label,
        received_at=at,
    )
    session.add(row)
    session.flush()
    return row


def _rows_of_each_age(session, age: str) -> None:  # type: ignore[no-untyped-def]
    """One row of every purged kind, just older or just newer than its setting."""
    transcript, failure, outbox = ago(180, age), ago(30, age), ago(90, age)
    message = _message(session, f"{age}-message", transcript)
    session.add_all(
        [
            Handoff(
                channel="whatsapp",
                phone=PHONE,
                reason=age,
                inbound_message_id=message.id,
                created_at=transcript,
                handled_at=transcript,
                rating_comment=f"{age} comment",
                messages=[HandoffMessage(author="ana", body=age, status="sent")],
            ),
            OutageReport(
                channel="whatsapp",
                phone=PHONE,
                text=age,
                inbound_message_id=message.id,
                created_at=transcript,
            ),
            UnrecognizedMessage(
                text_key=age, text=age, first_seen=ago(400, age), last_seen=transcript
            ),
            Conversation(
                channel="sms",
                phone="+5531977770001" if age == "old" else "+5531977770002",
                last_inbound_at=transcript,
            ),
            IdentificationFailure(phone=PHONE, uc=age, at=failure),
            IdentificationAttempt(
                scope="phone", key=age, window_start=failure - LOCK_WINDOW, count=5, strikes=1
            ),
            OutboxMessage(
                medium=DeliveryMedium.SMS, destination=PHONE, text=age, created_at=outbox
            ),
            ShortLink(
                code=f"{age}code",
                invoice_id=_invoice_id(session),
                kind="second_copy",
                expires_at=NOW + (-NUDGE if age == "old" else NUDGE),
            ),
        ]
    )


def _kept_whatever_their_age(session) -> None:  # type: ignore[no-untyped-def]
    """A consent's confirming message, a waiting hand-off's message, an opted-out number and a
    guess counter still locked, all far older than any setting."""
    long_ago = NOW - timedelta(days=3000)
    proof = _message(session, "consent-proof", long_ago)
    waiting = _message(session, "waiting-handoff", long_ago)
    unit_id = session.scalar(select(Unit.id))
    session.add_all(
        [
            Consent(
                unit_id=unit_id,
                channel="whatsapp",
                phone=PHONE,
                text="Aceito",
                text_version="v1",
                inbound_message_id=proof.id,
                created_at=long_ago,
            ),
            Handoff(
                channel="whatsapp",
                phone=PHONE,
                reason="waiting",
                inbound_message_id=waiting.id,
                created_at=long_ago,
            ),
            Conversation(
                channel="whatsapp", phone=PHONE, last_inbound_at=long_ago, opted_out_at=long_ago
            ),
            IdentificationAttempt(
                scope="uc", key="locked", window_start=long_ago, locked_until=ago(30, "new")
            ),
        ]
    )


def _document(storage: LocalStorage, name: str, written: datetime) -> None:
    """A stored file last written at `written`."""
    storage.put(name, b"%PDF-1.7 test")
    os.utime(storage.root / name, (written.timestamp(), written.timestamp()))


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    """Rows of a table, fresh."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def _history(session) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """What the purge never touches: invoices, deliveries, their events, enrolments."""
    return tuple(_count(session, m) for m in (Invoice, Delivery, DeliveryEvent, Enrollment))


def test_each_kind_goes_just_after_its_setting_and_stays_just_before(demo, tmp_path) -> None:
    storage = LocalStorage(tmp_path / "media")
    for age in ("old", "new"):
        _rows_of_each_age(demo, age)
        _document(storage, f"{age}.pdf", ago(30, age))
    _kept_whatever_their_age(demo)
    demo.commit()
    history = _history(demo)

    report = retention.purge(demo, storage, NOW)

    assert report.counts == dict.fromkeys(KINDS, 1)
    assert report.lines()[KINDS.index("inbound messages")] == "inbound messages: 1"
    bodies = set(demo.scalars(select(InboundMessage.body)))
    assert bodies == {"new-message", "consent-proof", "waiting-handoff"}
    assert set(demo.scalars(select(Handoff.reason))) == {"new", "waiting"}
    assert set(demo.scalars(select(HandoffMessage.body))) == {"new"}
    assert set(demo.scalars(select(Handoff.rating_comment))) == {"new comment", None}
    assert set(demo.scalars(select(OutageReport.text))) == {"new"}
    assert set(demo.scalars(select(UnrecognizedMessage.text))) == {"new"}
    assert set(demo.scalars(select(OutboxMessage.text))) == {"new"}
    assert set(demo.scalars(select(IdentificationFailure.uc))) == {"new"}
    assert set(demo.scalars(select(IdentificationAttempt.key))) == {"new", "locked"}
    assert set(demo.scalars(select(ShortLink.code))) == {"newcode"}
    assert len(demo.scalars(select(Conversation)).all()) == 2  # the newer one and the opt-out
    assert _count(demo, Consent) == 1
    assert sorted(p.name for p in storage.root.iterdir()) == ["new.pdf"]
    assert _history(demo) == history

    again = retention.purge(demo, storage, NOW)
    assert again.total == 0 and again.counts == dict.fromkeys(KINDS, 0)


def test_shortening_a_setting_makes_more_go(demo, tmp_path) -> None:
    storage = LocalStorage(tmp_path / "media")
    _message(demo, "eleven-days", NOW - timedelta(days=11))
    _message(demo, "nine-days", NOW - timedelta(days=9))
    demo.commit()
    assert retention.purge(demo, storage, NOW).counts["inbound messages"] == 0
    settings.update(demo, {"retention_transcript_days": 10}, "test")
    assert retention.purge(demo, storage, NOW).counts["inbound messages"] == 1
    assert list(demo.scalars(select(InboundMessage.body))) == ["nine-days"]


def test_a_backlog_goes_in_batches_around_the_rows_that_stay(demo, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(retention, "BATCH", 3)
    old = NOW - timedelta(days=400)
    for n in range(10):
        _message(demo, f"m{n}", old)
    _kept_whatever_their_age(demo)
    for n in range(10, 14):
        _message(demo, f"m{n}", old)
    demo.commit()
    report = retention.purge(demo, LocalStorage(tmp_path / "media"), NOW)
    assert report.counts["inbound messages"] == 14
    assert set(demo.scalars(select(InboundMessage.body))) == {"consent-proof", "waiting-handoff"}


def test_purged_documents_are_rendered_again_when_asked_for(demo, tmp_path) -> None:
    storage = LocalStorage(tmp_path / "media")
    invoice_id = _invoice_id(demo)
    first = ensure_document(demo, invoice_id, DeliveryKind.SECOND_COPY, storage, NOW)
    stored = storage.root / first.key
    os.utime(stored, (ago(30, "old").timestamp(),) * 2)
    abandoned = storage.root / ".tmp-crashed"
    abandoned.write_bytes(b"half a PDF")
    os.utime(abandoned, (ago(30, "old").timestamp(),) * 2)
    writing = storage.root / ".tmp-writing"
    writing.write_bytes(b"a PDF being written")

    assert retention.purge(demo, storage, NOW).counts["documents"] == 1
    assert not stored.exists() and not abandoned.exists() and writing.exists()
    again = ensure_document(demo, invoice_id, DeliveryKind.SECOND_COPY, storage, NOW)
    assert not again.cached and again.content.startswith(b"%PDF-") and stored.exists()


def test_fatura_purge_prints_one_count_per_kind(db_url, session, tmp_path) -> None:
    _message(session, "old", NOW - timedelta(days=400))
    session.add(OutboxMessage(medium=DeliveryMedium.SMS, destination=PHONE, text="new"))
    session.commit()
    fatura = str(Path(sys.executable).parent / "fatura")
    env = {**os.environ, "DATABASE_URL": db_url, "APP_ENV": "test"}
    env.update(FATURA_MEDIA_DIR=str(tmp_path / "media"))
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [fatura, "purge"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [f"{kind}: {1 if kind == 'inbound messages' else 0}" for kind in KINDS]
    assert _count(session, InboundMessage) == 0 and _count(session, OutboxMessage) == 1


def test_the_daily_job_purges_with_the_app_settings_and_storage(app, session) -> None:
    from workers import periodic

    _message(session, "old", datetime.now(UTC) - timedelta(days=400))
    session.commit()
    assert periodic.purge() == 1
    assert _count(session, InboundMessage) == 0


def test_the_purge_is_scheduled_daily_at_half_past_three_in_sao_paulo(monkeypatch) -> None:
    from croniter import croniter
    from rq import cron

    registered: dict[str, dict[str, object]] = {}
    monkeypatch.setattr(cron, "register", lambda func, **kw: registered.setdefault(kw["name"], kw))
    runpy.run_path(str(Path(__file__).parents[1] / "workers" / "cron.py"))
    schedule = str(registered["fatura-purge"]["cron"])
    runs = croniter(schedule, NOW).all_next(datetime)
    first, second = next(runs), next(runs)
    assert (first.astimezone(LOCAL_TZ).hour, first.astimezone(LOCAL_TZ).minute) == (3, 30)
    assert second - first == timedelta(days=1)
