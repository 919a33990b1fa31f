"""The chat's free-text records: outage reports and texts not understood, written by the bot's
effects in the message's transaction, redacted, and counted exactly under concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import types as bt
from models import Database, InboundMessage, OutageReport, UnrecognizedMessage, utcnow
from services.chat import conversations
from services.chat.free_text import MAX_CHARS, basis_points, stored_text, text_key
from tests.support.chat import post
from tests.support.effects import DEMO_PHONE, apply

PERSONAL = "meu cpf 123.456.789-09, e-mail maria@example.com, zap (31) 98888-7777"
SECRETS = ["123.456.789-09", "12345678909", "maria@example.com", "98888-7777", "988887777"]


def test_an_outage_report_is_kept_with_its_message_uc_and_channel(session) -> None:
    now = utcnow()
    message_id = apply(
        session, [bt.OutageReported(uc="131030", text="Estou sem luz")], channel="sms", now=now
    )
    report = session.scalars(select(OutageReport)).one()
    assert (report.channel, report.phone, report.uc) == ("sms", DEMO_PHONE, "131030")
    assert report.text == "Estou sem luz" and report.inbound_message_id == message_id
    assert report.created_at == now
    apply(session, [bt.OutageReported(uc=None, text="FALTA")])
    assert session.scalars(select(OutageReport.uc).order_by(OutageReport.id)).all() == [
        "131030",
        None,
    ]


def test_a_text_not_understood_is_kept_with_its_guess_and_confidence(session) -> None:
    apply(session, [bt.NotUnderstood("quero a conta de luz", "second_copy", 0.6237)])
    row = session.scalars(select(UnrecognizedMessage)).one()
    assert (row.text, row.text_key, row.count) == ("quero a conta de luz",) * 2 + (1,)
    assert row.last_guess == "second_copy" and row.last_confidence_bp == 6237
    assert row.confidence == pytest.approx(0.6237) and row.first_seen == row.last_seen


def test_the_same_text_again_counts_two_with_the_latest_guess(session) -> None:
    first = utcnow() - timedelta(hours=1)
    apply(session, [bt.NotUnderstood("Cadê a LUZ?!", "outage", 0.4)], now=first)
    apply(session, [bt.NotUnderstood("  cade a luz ", "", 0.0)], channel="sms")
    session.expire_all()
    row = session.scalars(select(UnrecognizedMessage)).one()
    assert row.count == 2 and row.text == "Cadê a LUZ?!"  # the first sample stays
    assert row.first_seen == first and row.last_seen > first
    assert (row.last_guess, row.last_confidence_bp) == ("", 0)


def test_personal_data_is_stored_redacted(session) -> None:
    apply(session, [bt.OutageReported(None, PERSONAL), bt.NotUnderstood(PERSONAL, "x", 0.1)])
    texts = [
        *session.scalars(select(OutageReport.text)),
        *session.scalars(select(UnrecognizedMessage.text)),
    ]
    keys = list(session.scalars(select(UnrecognizedMessage.text_key)))
    for text in texts + keys:
        assert all(secret not in text for secret in SECRETS), text
    assert "<cpf>" in texts[0] and "<e-mail>" in texts[0] and texts[0] == texts[1]


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("ligue no 3133334444 ou 31 3333-4444", "ligue no <number> ou <number>"),
        ("cartão 4111 1111 1111 1111, CEP 30130-000", "cartão <number>, CEP <number>"),
        ("fatura de 29/11/2026 da UC 131030", "fatura de 29/11/2026 da UC 131030"),
        ("1\u200b2\u200b3.456.789-09 sem\x00luz\u202e", "<cpf> sem luz"),
        ("linha 1\n\nlinha 2\t fim", "linha 1 linha 2 fim"),
    ],
)
def test_long_digit_runs_and_invisible_characters_are_not_kept(written: str, kept: str) -> None:
    assert stored_text(written) == kept


def test_long_texts_are_cut_after_redaction() -> None:
    text = stored_text("a" * (MAX_CHARS - 6) + " 123.456.789-09 " + "b" * 5000)
    assert text == "a" * (MAX_CHARS - 6) + " <cpf>"
    assert len(text_key(text)) <= MAX_CHARS


def test_confidence_is_clamped_to_basis_points() -> None:
    assert [basis_points(c) for c in (-1.0, 0.0, 0.12345, 1.0, 7.0, float("nan"))] == [
        0,
        0,
        1234,
        10000,
        10000,
        0,
    ]


def test_punctuation_alone_is_not_recorded(session) -> None:
    apply(session, [bt.NotUnderstood(" ?! ", "", 0.0), bt.NotUnderstood("", "", 0.0)])
    assert session.scalars(select(UnrecognizedMessage)).all() == []


def test_concurrent_sightings_each_count_once(db: Database, session) -> None:
    """Threads, each with its own connection, apply the same new text at the same moment."""
    threads, rounds = 8, 5
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with db.session() as own:
                barrier.wait()
                for _ in range(rounds):
                    apply(
                        own,
                        [bt.NotUnderstood("a luz acabou", "outage", 0.5)],
                        phone=f"+55319888{n:05d}",
                    )
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(60)
    assert not errors, errors
    session.expire_all()
    row = session.scalars(select(UnrecognizedMessage)).one()
    assert row.count == threads * rounds


def test_a_message_decided_again_counts_once(chat_app, session, monkeypatch) -> None:
    """Through the webhook, with an engine stand-in that emits both effects: one message,
    one report and one count, even when its conversation moved under it and it was decided
    again (the first attempt's writes are rolled back)."""
    real, calls = conversations._save_state, []

    def racing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise conversations._Raced
        return real(*args, **kwargs)

    def engine(state, inbound, view):  # type: ignore[no-untyped-def]
        effects = [bt.OutageReported("131030", inbound.text), bt.NotUnderstood(inbound.text, "", 0)]
        return bt.Step(state=state, replies=["ok"], effects=effects)

    monkeypatch.setattr(conversations, "handle", engine)
    monkeypatch.setattr(conversations, "_save_state", racing)
    client = chat_app.test_client()
    assert post(client, f"sem luz aqui, {PERSONAL}").status_code == 200
    session.expire_all()
    message = session.scalars(select(InboundMessage)).one()
    report = session.scalars(select(OutageReport)).one()
    assert report.inbound_message_id == message.id and report.text == message.body
    assert session.scalars(select(UnrecognizedMessage.count)).one() == 1
    assert len(calls) == 2
