"""services.chat.conversations: a message whose conversation moved under it is decided again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from models import Conversation, InboundMessage, OutageReport, utcnow
from services.chat import conversations
from services.chat.conversations import InboundRequest, handle_inbound
from services.core.clock import local_today
from services.erp.demo import DEMO_PHONE, load_demo


def request(text: str, sid: str) -> InboundRequest:
    """A WhatsApp message of the demo number."""
    return InboundRequest("whatsapp", sid, DEMO_PHONE, "+5531300000000", text)


def overtaken(db, monkeypatch, now) -> list[tuple[str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """Make message SMlate's first decision be overtaken: right after the bot decides it,
    another message of the number ("menu", SMother) is handled and commits. Returns each
    decision's message id and the state it started from, in order."""
    seen: list[tuple[str, dict[str, Any]]] = []
    real = conversations.handle

    def racing(state: dict[str, Any], inbound: Any, view: Any) -> Any:
        seen.append((inbound.message_id, dict(state)))
        step = real(state, inbound, view)
        if inbound.message_id == "SMlate" and len(seen) == 1:
            with db.session() as other:
                handle_inbound(other, request("menu", "SMother"), now - timedelta(seconds=1))
        return step

    monkeypatch.setattr(conversations, "handle", racing)
    return seen


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
def test_a_message_overtaken_by_another_is_decided_again(db, session, monkeypatch, existing):
    """The other message commits between this one's read and write: this one retries on the
    state the other left, and both are recorded and answered once."""
    load_demo(session, local_today())
    now = utcnow()
    if existing:
        with db.session() as first:
            handle_inbound(first, request("oi", "SMfirst"), now - timedelta(seconds=2))
    seen = overtaken(db, monkeypatch, now)
    with db.session() as late:
        outcome = handle_inbound(late, request("oi", "SMlate"), now)
    assert outcome.replies and not outcome.duplicate
    assert [sid for sid, _ in seen] == ["SMlate", "SMother", "SMlate"]
    assert seen[2][1].get("last_at") == (now - timedelta(seconds=1)).isoformat()
    session.expire_all()
    conversation = session.scalars(select(Conversation)).one()
    assert conversation.version == (3 if existing else 2)
    assert conversation.data["last_at"] == now.isoformat()
    sids = set(session.scalars(select(InboundMessage.provider_message_id)))
    assert sids == {"SMlate", "SMother"} | ({"SMfirst"} if existing else set())


def test_a_repeated_message_changes_nothing(db, session) -> None:  # type: ignore[no-untyped-def]
    """Twilio's retry of a message already recorded (here with other text, as a forger
    would): not answered, and the conversation keeps the state the first one left. On
    PostgreSQL the message and its conversation are written in one statement
    (services.chat.one_write): the duplicate's unique violation undoes the move too."""
    load_demo(session, local_today())
    now = utcnow()
    with db.session() as first:
        assert handle_inbound(first, request("oi", "SMsame"), now).replies
    with db.session() as again:
        repeated = handle_inbound(again, request("menu", "SMsame"), now + timedelta(seconds=1))
    assert repeated.duplicate and repeated.replies == []
    session.expire_all()
    conversation = session.scalars(select(Conversation)).one()
    assert conversation.version == 1 and conversation.data["last_at"] == now.isoformat()
    assert len(session.scalars(select(InboundMessage)).all()) == 1


def test_an_outage_report_overtaken_by_another_message_is_filed_once(
    db, session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A message whose effects add replies (the report's protocol) loses the race on the
    conversation's version: everything it wrote (its row, the report) is undone with the
    conversation's move, then it is decided again: one report, its protocol in the replies.
    On PostgreSQL the move and the replies go in one statement (one_write.move_recording)."""
    load_demo(session, local_today())
    now = utcnow()
    with db.session() as first:
        handle_inbound(first, request("oi", "SMfirst"), now - timedelta(seconds=2))
    seen = overtaken(db, monkeypatch, now)
    with db.session() as late:
        outcome = handle_inbound(late, request("estou sem luz", "SMlate"), now)
    assert [sid for sid, _ in seen] == ["SMlate", "SMother", "SMlate"]
    (report,) = session.scalars(select(OutageReport)).all()
    assert any(report.protocol in reply for reply in outcome.replies)
    session.expire_all()
    row = session.scalars(
        select(InboundMessage).where(InboundMessage.provider_message_id == "SMlate")
    ).one()
    assert row.replies == outcome.replies and row.id == report.inbound_message_id
    assert session.scalars(select(Conversation)).one().version == 3


def test_an_outage_report_never_holds_the_days_protocol_counter(db, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While an outage report's transaction is open, another process can take the next
    protocol number at once: on PostgreSQL the report's number was taken before its
    transaction began, so the day's counter row is not locked until that COMMIT (a worker
    preempted there would stall every web worker reporting an outage)."""
    if not db.url.startswith("postgresql"):
        pytest.skip("SQLite has one writer: its counter is taken inside the transaction")
    from services.chat import free_text
    from services.handoff.protocols import next_protocol

    load_demo(session, local_today())
    now = utcnow()
    taken_meanwhile: list[str] = []
    real = free_text.record_outage

    def meanwhile(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)  # inside the message's open transaction
        with db.session() as other:
            other.execute(text("SET LOCAL lock_timeout = '200ms'"))
            taken_meanwhile.append(next_protocol(other, now))
            other.commit()

    monkeypatch.setattr("services.chat.bot_effects.record_outage", meanwhile)
    with db.session() as reporting:
        outcome = handle_inbound(reporting, request("estou sem luz", "SMout"), now)
    (report,) = session.scalars(select(OutageReport)).all()
    assert len(taken_meanwhile) == 1 and taken_meanwhile[0] > report.protocol
    assert any(report.protocol in reply for reply in outcome.replies)
