"""Above capacity, nothing is lost (issue 21): with FATURA_DEFER_BACKLOG at 0 every message
is committed undecided and answered with empty TwiML at once; a worker decides it and sends
its replies through Twilio's REST API (the fake), in order per conversation, exactly once,
also when the sweeper finds the same message. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from config import ConfigError
from models import InboundMessage, OutageReport, utcnow
from services.chat import rest_replies
from services.core import backlog, pressure
from services.core.clock import local_today
from services.erp.demo import load_demo
from tests.support.chat import DEMO_PHONE, post, replies
from tests.support.deferral import HeldQueue, calm  # noqa: F401 (calm: autouse)
from tests.support.fake_twilio import FakeTwilio
from tests.support.handoffs import twilio_app
from workers import jobs, periodic

OTHER = "+5531977770000"


@pytest.fixture
def storm(db, session, tmp_path):  # type: ignore[no-untyped-def]
    """The demo distributor on the fake Twilio with the threshold at 0; (client, queue,
    fake, app)."""
    load_demo(session, local_today())
    fake, queue = FakeTwilio().start(), HeldQueue()
    app = twilio_app(db, str(tmp_path / "m"), fake, queue, defer_backlog=0,
                     twilio_whatsapp_handoff_template_sid=None)  # fmt: skip
    with app.app_context():
        yield app.test_client(), queue, fake, app
    fake.stop()


def sent_to(fake: FakeTwilio, phone: str) -> list[str]:
    """What went out through the REST API to `phone`, in order (a list or buttons as its
    ContentSid and variables)."""
    return [
        r.form["Body"][0]
        if "Body" in r.form
        else f"{r['ContentSid']} {r.form.get('ContentVariables')}"
        for r in fake.requests
        if r.form.get("To", [""])[0].removeprefix("whatsapp:") == phone
    ]


def row(session, sid: str) -> InboundMessage:  # type: ignore[no-untyped-def]
    """The message row of a MessageSid, fresh from the database."""
    session.expire_all()
    return session.scalars(
        select(InboundMessage).where(InboundMessage.provider_message_id == sid)
    ).one()


def test_a_deferred_message_is_committed_answered_empty_then_replied_once(storm, session) -> None:
    client, queue, fake, _ = storm
    response = post(client, "estou sem luz", sid="SMstorm1")
    assert response.status_code == 200 and replies(response) == []
    waiting = row(session, "SMstorm1")
    assert waiting.reply_via == "deferred" and waiting.processed_at is None
    assert [f.__name__ for f, _ in queue.jobs] == ["drain_deferred"]
    # While its job waits, the sweeper adds none; once its flag is lost (as if the job
    # were), the sweeper queues the shard's drain again: the message is decided twice over.
    session.execute(update(InboundMessage).values(received_at=utcnow() - timedelta(minutes=5)))
    session.commit()
    periodic.sweep()
    assert len(queue.jobs) == 1
    queue.waiting.clear()
    periodic.sweep()
    assert queue.run() == ["drain_deferred", "drain_deferred"]
    # The outage answer and its protocol, once, as one message (fewer REST calls in a storm).
    (answer,) = sent_to(fake, DEMO_PHONE)
    assert "falta de energia" in answer and "protocolo" in answer
    (report,) = session.scalars(select(OutageReport)).all()
    assert report.protocol in answer
    decided = row(session, "SMstorm1")
    assert decided.reply_via == "sent" and decided.processed_at is not None
    assert decided.replies_sent == 1
    periodic.sweep()  # nothing is left for the sweeper
    assert queue.run() == [] and len(sent_to(fake, DEMO_PHONE)) == 1


def test_later_messages_wait_behind_a_deferred_one_and_go_in_order(storm, session) -> None:
    client, queue, fake, app = storm
    assert replies(post(client, "oi", sid="SMfirst")) == []
    runtime = app.extensions["fatura"]
    runtime.config = dataclasses.replace(runtime.config, defer_backlog=10_000)  # load is over
    # The same number: its first message is undecided, so this one waits for it.
    assert replies(post(client, "estou sem luz", sid="SMsecond")) == []
    assert row(session, "SMsecond").reply_via == "deferred"
    # Another number is answered at once, in the webhook's TwiML (by SMS: on WhatsApp the
    # menu's list would go through REST).
    assert replies(post(client, "oi", channel="sms", phone=OTHER))
    queue.run()
    greeting, outage = sent_to(fake, DEMO_PHONE)
    assert "falta de energia" not in greeting and "falta de energia" in outage
    # Once decided, the number is answered at once again.
    assert replies(post(client, "obrigado"))


def earlier_rest_reply(session, text: str, lease_s: float = 0) -> int:  # type: ignore[no-untyped-def]
    """An earlier message of the demo number whose REST reply still waits (a photo's
    reading, say), leased by another worker for `lease_s` seconds; its id."""
    lease = utcnow() + timedelta(seconds=lease_s) if lease_s else None
    earlier = InboundMessage(provider_message_id="SMearlier", channel="whatsapp",
                             from_number=DEMO_PHONE, replies=[text], reply_via="rest",
                             received_at=utcnow(), send_lease_until=lease)  # fmt: skip
    session.add(earlier)
    session.commit()
    return earlier.id


def test_a_decided_reply_never_overtakes_an_earlier_one_still_to_send(storm, session) -> None:
    client, queue, fake, _ = storm
    earlier_rest_reply(session, "a leitura da sua foto")
    post(client, "estou sem luz", sid="SMafter")
    queue.run()
    reading, outage = sent_to(fake, DEMO_PHONE)
    assert reading == "a leitura da sua foto" and "falta de energia" in outage
    assert row(session, "SMearlier").reply_via == row(session, "SMafter").reply_via == "sent"


def test_a_conversation_another_worker_sends_gets_its_decided_reply_later(storm, session) -> None:
    """The earlier reply is being sent by another worker: the drain decides the message,
    sends nothing, frees the decided row's lease and queues the conversation's sending,
    which goes (in order) once the other worker is done."""
    client, queue, fake, _ = storm
    earlier = earlier_rest_reply(session, "a leitura da sua foto", lease_s=60)
    post(client, "estou sem luz", sid="SMafter")
    drain, drain_args = queue.jobs.pop(0)
    drain(*drain_args)
    decided = row(session, "SMafter")
    assert decided.reply_via == "rest" and decided.send_lease_until is None
    assert sent_to(fake, DEMO_PHONE) == []
    ((func, args),) = queue.jobs
    assert func.__name__ == "send_replies"
    with pytest.raises(rest_replies.Busy):  # still the other worker's
        func(*args)
    session.execute(update(InboundMessage).where(InboundMessage.id == earlier)
                    .values(send_lease_until=None))  # fmt: skip
    session.commit()  # the other worker gave it up (or its lease ran out)
    func(*args)  # the queue's retry
    reading, outage = sent_to(fake, DEMO_PHONE)
    assert reading == "a leitura da sua foto" and "falta de energia" in outage


def test_while_the_web_is_behind_decisions_wait_and_none_is_lost(
    storm, session, monkeypatch
) -> None:
    """The web says it is behind: the drain decides nothing, ends, and queues itself again
    behind other jobs; once the web has caught up, the message is answered."""
    client, queue, fake, _ = storm
    post(client, "estou sem luz", sid="SMheld")
    monkeypatch.setattr(pressure, "HOLD_S", 5.0)  # as if the web kept saying so
    pressure.say_behind(queue)
    func, args = queue.jobs.pop(0)
    func(*args)  # held back past a second: nothing decided, a fresh job queued
    assert row(session, "SMheld").reply_via == "deferred" and sent_to(fake, DEMO_PHONE) == []
    assert [f.__name__ for f, _ in queue.jobs] == ["drain_deferred"]
    pressure.forget()
    assert queue.run() == ["drain_deferred"]
    assert row(session, "SMheld").reply_via == "sent" and len(sent_to(fake, DEMO_PHONE)) == 1


def test_a_number_waiting_too_long_is_decided_even_while_the_web_is_behind(
    storm, session, monkeypatch
) -> None:
    """A storm that never lets up must not keep its first reports unanswered."""
    client, queue, fake, _ = storm
    post(client, "estou sem luz", sid="SMold")
    session.execute(update(InboundMessage).values(received_at=utcnow() - timedelta(seconds=20)))
    session.commit()
    post(client, "estou sem luz", channel="sms", phone=OTHER, sid="SMnew")
    monkeypatch.setattr(pressure, "HOLD_S", 5.0)
    pressure.say_behind(queue)
    while queue.jobs:
        func, args = queue.jobs.pop(0)
        func(*args)
        if row(session, "SMold").reply_via == "sent":
            break
    assert len(sent_to(fake, DEMO_PHONE)) == 1  # overdue: answered
    assert row(session, "SMnew").reply_via == "deferred" and sent_to(fake, OTHER) == []


def test_numbers_are_decided_by_their_shard_each_in_order(storm, session) -> None:
    """Two shards drain in parallel; a number always falls in the same one."""
    from services.chat import deferral

    client, queue, fake, _ = storm
    phones = [f"+55319777{n:05d}" for n in range(12)]
    shards = {deferral.shard_of(p) for p in phones}
    assert shards == set(range(deferral.SHARDS))
    for turn, text in enumerate(("oi", "estou sem luz")):
        for phone in phones:
            post(client, text, channel="sms", phone=phone, sid=f"SM{phone}-{turn}")
    assert sorted(args for _, args in queue.jobs) == [(s,) for s in range(deferral.SHARDS)]
    queue.run()
    for phone in phones:
        greeting, outage = sent_to(fake, phone)
        assert "Protocolo" not in greeting and "Protocolo" in outage
    assert jobs.drain_id(0) != jobs.drain_id(1)


def test_a_repeated_message_while_deferred_is_decided_once(storm, session) -> None:
    client, queue, fake, _ = storm
    post(client, "estou sem luz", sid="SMtwice")
    again = post(client, "estou sem luz", sid="SMtwice")
    assert again.status_code == 200 and replies(again) == []
    assert len(queue.jobs) == 1
    queue.run()
    assert len(sent_to(fake, DEMO_PHONE)) == 1


@pytest.mark.parametrize("value", ["-1", "lots", "100001"])
def test_a_bad_threshold_is_refused_at_start_up(value: str) -> None:
    from config import Config

    with pytest.raises(ConfigError, match="FATURA_DEFER_BACKLOG"):
        Config.from_env({"FATURA_DEFER_BACKLOG": value})


@contextmanager
def accept_queue() -> Iterator[Callable[[int], None]]:
    """A listening socket handed to services.core.backlog, as gunicorn.conf.py hands its
    own; yields `wait(n)`, which leaves n more connections waiting in its accept queue."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=16)
    connections: list[socket.socket] = []

    def wait(count: int) -> None:
        port = listener.getsockname()[1]
        connections.extend(socket.create_connection(("127.0.0.1", port)) for _ in range(count))

    try:
        backlog.watch([listener])
        yield wait
    finally:
        backlog.watch([])
        for connection in connections:
            connection.close()
        listener.close()


def test_the_accept_queue_decides_when_to_defer(storm, session) -> None:
    """The real signal: connections waiting on the listening socket gunicorn hands over."""
    client, _, _, app = storm
    runtime = app.extensions["fatura"]
    runtime.config = dataclasses.replace(runtime.config, defer_backlog=3)
    with accept_queue() as wait:
        assert backlog.waiting() == 0
        # Nobody waits: answered at once (by SMS: on WhatsApp the menu's list goes by REST).
        assert replies(post(client, "oi", channel="sms", phone=OTHER))
        wait(3)
        assert backlog.waiting() == 3
        assert replies(post(client, "oi", sid="SMbusy")) == []  # three wait: deferred
        assert row(session, "SMbusy").reply_via == "deferred"


def test_a_message_waits_behind_replies_still_to_go_out_through_rest(storm, session) -> None:
    """Replies waiting for REST (a photo's reading, a list) are not overtaken by the next
    message's TwiML: it waits too, and the number gets them in order."""
    client, queue, fake, app = storm
    runtime = app.extensions["fatura"]
    runtime.config = dataclasses.replace(runtime.config, defer_backlog=10_000)  # no storm
    earlier = InboundMessage(provider_message_id="SMphoto:foto", channel="whatsapp",
                             from_number=DEMO_PHONE, replies=["Li sua foto."], reply_via="rest",
                             received_at=utcnow())  # fmt: skip
    session.add(earlier)
    session.commit()
    assert replies(post(client, "obrigado", sid="SMthanks")) == []
    assert row(session, "SMthanks").reply_via == "deferred"
    queue.run()
    first, thanks = sent_to(fake, DEMO_PHONE)
    assert first == "Li sua foto." and thanks
    assert row(session, "SMthanks").reply_via == "sent"
    assert replies(post(client, "obrigado", sid="SMthanks2"))  # nothing waits: TwiML again


def test_while_the_server_is_behind_whatsapp_menus_go_as_numbered_text(storm, session) -> None:
    """A list costs a worker's REST call; with a quarter of the deferral threshold waiting,
    the menu goes as numbered text in the webhook's own answer, and nothing is deferred."""
    client, _, _, app = storm
    runtime = app.extensions["fatura"]
    runtime.config = dataclasses.replace(runtime.config, defer_backlog=32)
    with accept_queue() as wait:
        assert replies(post(client, "oi", sid="SMcalm")) == []  # the list goes through REST
        wait(8)
        assert backlog.waiting() == 8
        (menu,) = replies(post(client, "menu", phone=OTHER, sid="SMbusy"))
        assert "1" in menu and "2" in menu  # the numbered options, at once
        assert row(session, "SMbusy").reply_via == "twiml"


def test_jobs_queued_before_the_drains_still_get_the_message_answered(storm, session) -> None:
    """An upgrade finds decide_deferred / dispatch_deferred jobs in Redis: they drain."""
    client, queue, fake, _ = storm
    post(client, "estou sem luz", sid="SMold-job")
    queue.jobs.clear()
    queue.waiting.clear()
    jobs.decide_deferred(row(session, "SMold-job").id)
    queue.run()
    assert row(session, "SMold-job").reply_via == "sent" and len(sent_to(fake, DEMO_PHONE)) == 1


def test_a_throttled_ask_leaves_no_message_behind(storm, session, monkeypatch) -> None:
    """A burst asks once; the drain looks again after clearing its flag, so a message
    deferred just after the ask is answered too, and a later one asks anew."""
    client, queue, _, _ = storm
    monkeypatch.setattr(jobs, "ASK_EVERY_S", 0.3)
    phones = [p for p in (f"+55319777{n:05d}" for n in range(40))
              if jobs.deferral.shard_of(p) == 0][:3]  # fmt: skip
    post(client, "estou sem luz", channel="sms", phone=phones[0], sid="SMburst0")
    post(client, "estou sem luz", channel="sms", phone=phones[1], sid="SMburst1")
    assert len(queue.jobs) == 1  # the second ask of the shard within 0.3 s: none
    func, args = queue.jobs.pop(0)
    func(*args)
    assert {row(session, s).reply_via for s in ("SMburst0", "SMburst1")} == {"sent"}
    post(client, "estou sem luz", channel="sms", phone=phones[2], sid="SMlater")
    queue.run()  # 0.3 s have passed in the drain's last look: this one asked
    assert row(session, "SMlater").reply_via == "sent"
