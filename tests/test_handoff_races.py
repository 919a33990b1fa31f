"""Hand-offs under concurrency, with real threads and databases: a consumer writing while a
staff reply is on its way (inside the window, and around the hold outside it), two staff
members racing to take or answer one hand-off, and protocol numbers under concurrent opens."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from models import AuditLog, Handoff, HandoffMessage, utcnow
from services.core.runtime import current
from services.handoff import assignment, protocols, sending, staff_messages, window
from tests.support.admin_client import STAFF_LOGIN
from tests.support.chat import post, replies
from tests.support.handoffs import (
    TO,
    act,
    ask_for_person,
    handoff_of,
    jobs,
    last_wrote,
    lines,
    messages,
    taken,
)

THREADS = 8


def _together(work: list[Callable[[], Any]]) -> list[Any]:
    """Run every callable in its own thread, all released at once; their results (or the
    exceptions they raised), in order."""
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def run(n: int) -> None:
        barrier.wait(timeout=30)
        try:
            results[n] = work[n]()
        except Exception as exc:  # kept for the test to look at
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _in_thread(work: Callable[[], Any]) -> None:
    """Run `work` in another thread (its own app context and session) and wait for it."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # re-raised in the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive() and not failures, failures


def test_a_consumer_message_while_the_reply_is_on_its_way(
    twilio_staff, fake_twilio, session
) -> None:
    app, staff = twilio_staff
    handoff = taken(staff, session)
    arrived, go = fake_twilio.hold_next()
    act(staff, handoff.id, "responder", texto="Estou verificando sua conta.")
    assert arrived.wait(20)  # the job is in the middle of the provider's call
    answer = replies(post(app.test_client(), "ok, fico no aguardo"))
    go.set()
    jobs(app)
    assert "já está com a nossa equipe" in answer[0]  # answered once, by the acknowledgement
    assert fake_twilio.bodies(TO).count("Estou verificando sua conta.") == 1
    (message,) = messages(session)
    assert message.status == "sent" and message.pending_body is None
    texts = [line["text"] for line in lines(staff, handoff.id)]
    assert texts.index("Estou verificando sua conta.") < texts.index("ok, fico no aguardo")


def test_a_consumer_message_between_the_window_check_and_the_hold(
    twilio_staff, fake_twilio, session, monkeypatch
) -> None:
    """Outside the window the job decides to hold the text; the consumer writes just
    before the hold is written: the hold misses the conversation's version, looks again,
    finds the window open and sends the text free-form (no template)."""
    app, staff = twilio_staff
    handoff = taken(staff, session)
    last_wrote(session, timedelta(hours=30))
    hold = window.hold
    calls: list[int] = []

    def consumer_first(*args: Any) -> bool:
        if not calls:
            _in_thread(lambda: post(app.test_client(), "voltei, pode falar"))
        calls.append(1)
        return hold(*args)

    monkeypatch.setattr(window, "hold", consumer_first)
    act(staff, handoff.id, "responder", texto="Sua conta foi revista.")
    jobs(app)
    assert fake_twilio.bodies(TO) == ["Sua conta foi revista."]
    assert "ContentSid" not in fake_twilio.requests[0].form
    assert [(m.kind, m.status) for m in messages(session)] == [("text", "sent")]
    assert "voltei, pode falar" in [line["text"] for line in lines(staff, handoff.id)]


def test_the_hold_while_the_consumer_message_is_written(
    twilio_staff, fake_twilio, session, monkeypatch
) -> None:
    """The consumer's message has been read and is being written when the job holds the
    text (PostgreSQL: both write at once). The message's state update then misses the
    version, so it is decided again and releases the held text, which goes free-form."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: the hold waits for the message (the test above)")
    app, staff = twilio_staff
    handoff = taken(staff, session)
    last_wrote(session, timedelta(hours=30))
    message = staff_messages.reply(session, handoff, STAFF_LOGIN, "Já resolvemos.", utcnow())
    session.commit()
    runtime = current()
    from services.chat import conversations

    original, calls = conversations.held_staff_texts, []

    def job_first(*args: Any) -> list[int]:
        if not calls:
            with runtime.db.session() as other:
                _in_thread(lambda: sending.send(other, runtime, message.id))
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(conversations, "held_staff_texts", job_first)
    post(app.test_client(), "alguma novidade?")
    jobs(app)
    template, text = fake_twilio.requests
    assert template["ContentSid"] and text["Body"] == "Já resolvemos."
    assert len(calls) == 2  # the message was decided twice
    kinds = [(m.kind, m.status) for m in messages(session)]
    assert kinds == [("text", "sent"), ("template", "sent")]


def test_two_staff_racing_to_take_one_wins(chat_app, staff, session, db) -> None:
    protocol, _ = ask_for_person(staff)
    handoff_id = handoff_of(session, protocol).id

    def take(login: str) -> Callable[[], bool]:
        def work() -> bool:
            with db.session() as mine:
                won = assignment.take(mine, mine.get(Handoff, handoff_id), login, utcnow())
                mine.commit()
                return won

        return work

    results = _together([take(f"staff{n}") for n in range(THREADS)])
    assert sorted(results, key=str) == [False] * (THREADS - 1) + [True]
    holder = handoff_of(session, protocol).assigned_to
    assert holder == f"staff{results.index(True)}"
    assigned = session.scalars(select(AuditLog).where(AuditLog.action == "handoff.assign")).all()
    assert [entry.actor for entry in assigned] == [holder]


def test_two_staff_racing_to_answer_only_who_has_it_sends(chat_app, staff, session, db) -> None:
    protocol, _ = ask_for_person(staff)
    handoff = handoff_of(session, protocol)
    act(staff, handoff.id, "assumir")

    def answer(login: str, text: str) -> Callable[[], int]:
        def work() -> int:
            with db.session() as mine:
                row = mine.get(Handoff, handoff.id)
                message = staff_messages.reply(mine, row, login, text, utcnow())
                mine.commit()
                return message.id

        return work

    work = [answer(STAFF_LOGIN, f"resposta {n}") for n in range(THREADS // 2)]
    work += [answer("bruno.atendimento", f"intrusa {n}") for n in range(THREADS // 2)]
    results = _together(work)
    kept, refused = results[: THREADS // 2], results[THREADS // 2 :]
    assert all(isinstance(r, int) for r in kept), kept
    assert all(isinstance(r, assignment.Refused) for r in refused), refused
    session.expire_all()
    authors = session.scalars(select(HandoffMessage.author)).all()
    assert authors == [STAFF_LOGIN] * (THREADS // 2)
    audited = session.scalars(select(AuditLog).where(AuditLog.action == "handoff.reply")).all()
    assert len(audited) == THREADS // 2
    assert handoff_of(session, protocol).first_answer_at is not None


def test_protocol_numbers_stay_unique_under_concurrent_opens(chat_app, session, db) -> None:
    """Threads opening hand-offs through the webhook and taking numbers directly: every
    number different, and together one unbroken sequence of the day."""
    phones = [f"+55319777700{n:02d}" for n in range(THREADS)]

    def open_one(phone: str) -> Callable[[], str]:
        def work() -> str:
            client = chat_app.test_client()
            return ask_for_person(client, phone=phone)[0]

        return work

    def take_many() -> list[str]:
        taken = []
        for _ in range(10):
            with db.session() as mine:
                taken.append(protocols.next_protocol(mine, utcnow()))
                mine.commit()
        return taken

    results = _together([open_one(p) for p in phones] + [take_many for _ in range(THREADS)])
    failures = [r for r in results if isinstance(r, Exception)]
    assert not failures, failures
    numbers = results[:THREADS] + [n for batch in results[THREADS:] for n in batch]
    assert len(set(numbers)) == len(numbers) == THREADS * 11
    sequence = sorted(int(n[8:]) for n in numbers)
    assert sequence == list(range(sequence[0], sequence[0] + len(numbers)))
    assert len({n[:8] for n in numbers}) == 1  # the same local day
    opened = session.scalars(select(Handoff.protocol)).all()
    assert sorted(opened) == sorted(results[:THREADS])
