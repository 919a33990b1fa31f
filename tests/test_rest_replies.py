"""Replies sent through Twilio's REST API (services.chat.rest_replies) against the fake
Twilio: every reply once and in order, a retry after a partial send repeating nothing, a
conversation's earlier message first, a busy conversation left to its sender, the sweeper
finding what was left. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from channels.base import ChannelError
from models import InboundMessage, utcnow
from services.chat import rest_replies
from services.chat.conversations import InboundRequest, handle_inbound
from services.chat.rest_replies import Busy, send_pending, stale
from services.core.runtime import current
from tests.conftest import make_config
from tests.support.fake_twilio import FakeTwilio

PHONE, OTHER = "+5531988887777", "+5531977776666"
SID, TOKEN = "AC" + "2" * 32, "t" * 32


@pytest.fixture
def rest_app(db, session, tmp_path):  # type: ignore[no-untyped-def]
    """The app (in context) sending WhatsApp and SMS through the fake Twilio; the fake."""
    from app import create_app

    fake = FakeTwilio().start()
    sender = "+553130000000"
    config = make_config(db.url, twilio_account_sid=SID, twilio_auth_token=TOKEN,
                         twilio_api_base_url=fake.url, twilio_whatsapp_from=sender,
                         twilio_sms_from=sender, media_dir=str(tmp_path / "m"))  # fmt: skip
    app = create_app(config, db=db)
    with app.app_context():
        yield fake
    app.extensions["fatura"].queue.join(5.0)
    fake.stop()


def waiting(session, replies: list[str], phone: str = PHONE, channel: str = "sms") -> int:  # type: ignore[no-untyped-def]
    """A message whose replies wait to go out through REST; its id."""
    row = InboundMessage(provider_message_id=f"SM{utcnow().timestamp()}{len(replies)}{phone}",
                         channel=channel, from_number=phone, replies=replies, reply_via="rest",
                         received_at=utcnow() - timedelta(minutes=5))  # fmt: skip
    session.add(row)
    session.commit()
    return row.id


def bodies(fake: FakeTwilio, phone: str = PHONE) -> list[str]:
    """What the fake was asked to send to `phone`, in order."""
    return [r["Body"] for r in fake.requests if r["To"].removeprefix("whatsapp:") == phone]


def state(session, row_id: int) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """(reply_via, replies_sent) of a message."""
    session.expire_all()
    row = session.get(InboundMessage, row_id)
    return row.reply_via, row.replies_sent


def test_replies_go_out_once_and_in_order(rest_app, session) -> None:  # type: ignore[no-untyped-def]
    fake = rest_app
    row_id = waiting(session, ["um", "dois", "três"])
    assert send_pending(session, current(), row_id, utcnow()) == 1
    assert bodies(fake) == ["um", "dois", "três"]
    assert state(session, row_id) == ("sent", 3)
    send_pending(session, current(), row_id, utcnow())  # a repeated job sends nothing
    assert bodies(fake) == ["um", "dois", "três"]


def test_a_retry_after_a_partial_send_repeats_nothing(rest_app, session) -> None:  # type: ignore[no-untyped-def]
    fake = rest_app
    row_id = waiting(session, ["um", "dois", "três"])
    fake.fail_next(503, None, "Service Unavailable", after=1)
    with pytest.raises(ChannelError):
        send_pending(session, current(), row_id, utcnow())
    assert state(session, row_id) == ("rest", 1)
    send_pending(session, current(), row_id, utcnow())  # the queue's retry
    sent = bodies(fake)
    assert sent.count("um") == 1 and sent[-2:] == ["dois", "três"]
    assert state(session, row_id) == ("sent", 3)


def test_a_refused_reply_is_skipped_and_the_rest_still_go(rest_app, session) -> None:  # type: ignore[no-untyped-def]
    fake = rest_app
    row_id = waiting(session, ["um", "dois"])
    fake.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
    send_pending(session, current(), row_id, utcnow())
    assert state(session, row_id) == ("sent", 2)
    assert bodies(fake)[-1] == "dois"


def test_the_earlier_message_of_a_conversation_goes_first(rest_app, session) -> None:  # type: ignore[no-untyped-def]
    fake = rest_app
    first = waiting(session, ["primeira"])
    other = waiting(session, ["de outra pessoa"], phone=OTHER)
    second = waiting(session, ["segunda"])
    assert send_pending(session, current(), second, utcnow()) == 2
    assert bodies(fake) == ["primeira", "segunda"]
    assert state(session, first)[0] == "sent" and state(session, other)[0] == "rest"


def test_a_conversation_another_worker_sends_is_left_to_it(rest_app, session) -> None:  # type: ignore[no-untyped-def]
    fake = rest_app
    row_id = waiting(session, ["um"])
    session.get(InboundMessage, row_id).send_lease_until = utcnow() + timedelta(seconds=30)
    session.commit()
    with pytest.raises(Busy):
        send_pending(session, current(), row_id, utcnow())
    assert bodies(fake) == []
    assert stale(session, utcnow()) == []  # leased: not the sweeper's either
    later = utcnow() + rest_replies.LEASE + timedelta(seconds=1)  # the worker died
    assert stale(session, later) == [row_id]
    send_pending(session, current(), row_id, later)
    assert bodies(fake) == ["um"]


def test_the_sweeper_finds_one_message_per_conversation(rest_app, session) -> None:  # type: ignore[no-untyped-def]
    first, _second = waiting(session, ["a"]), waiting(session, ["b"])
    other = waiting(session, ["c"], phone=OTHER)
    assert stale(session, utcnow()) == [first, other]
    assert stale(session, utcnow() - timedelta(minutes=4)) == []  # too recent then


def test_a_message_asked_to_answer_through_rest_records_every_reply(rest_app, session) -> None:  # type: ignore[no-untyped-def]
    fake = rest_app
    request = InboundRequest(channel="sms", message_id="SMrest1", phone=PHONE, to="+5531",
                             body="oi", reply_via="rest")  # fmt: skip
    outcome = handle_inbound(session, request, utcnow())
    assert outcome.replies == [] and outcome.rest_reply_id is not None
    row = session.scalars(
        select(InboundMessage).where(InboundMessage.id == outcome.rest_reply_id)
    ).one()
    assert row.reply_via == "rest" and row.replies
    send_pending(session, current(), row.id, utcnow())
    assert bodies(fake) == row.replies
    again = handle_inbound(session, request, utcnow())  # Twilio's retry of the same message
    assert again.duplicate and again.rest_reply_id is None
