"""Data-subject requests: export everything about one titular, erase their contacts' traces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import (
    AuditLog,
    Base,
    Consent,
    Consumer,
    ConsumerPhone,
    Conversation,
    Enrollment,
    InboundMessage,
    Invoice,
    OutboxMessage,
    utcnow,
)
from services.erp.demo import DEMO_DOCUMENT, DEMO_EMAIL, DEMO_PHONE
from services.erp.importer import import_lines
from services.privacy.lgpd_erase import MARKER, erase
from services.privacy.lgpd_export import dumps, export
from tests.support.chat import post
from tests.support.importing import consumer, jsonl

MARIA = "123.456.789-09"  # the demo titular of UC 131030, with punctuation
NEW_EMAIL = "maria.nova@example.com"
EIGHT_DIGITS = DEMO_PHONE[:5] + DEMO_PHONE[6:]  # +553199990000, as WhatsApp may report it
PADARIA_PHONE, PADARIA_EMAIL = "+5531988887777", "contato@paoquente.com.br"
STRANGER = "+5521988776655"
MARIA_TRACES = [DEMO_PHONE[3:], EIGHT_DIGITS[3:], DEMO_EMAIL, NEW_EMAIL]


@pytest.fixture
def chats(chat_app, session):  # type: ignore[no-untyped-def]
    """Maria asks for copies on WhatsApp and SMS, enrols an e-mail, asks for a person and
    writes from her number without the ninth digit; the bakery asks for a copy; a stranger
    guesses a wrong CPF for Maria's UC. Every document is sent to the outbox."""
    client = chat_app.test_client()
    post(client, "2via")
    post(client, f"ADERIR EMAIL {NEW_EMAIL}")
    post(client, "atendente")
    post(client, "2via", channel="sms")
    post(client, "oi", phone=EIGHT_DIGITS)
    post(client, "2via", phone=PADARIA_PHONE)
    post(client, "2via 131030", channel="sms", phone=STRANGER)
    post(client, "52998224725", channel="sms", phone=STRANGER)
    chat_app.extensions["fatura"].queue.join()
    session.expire_all()
    return chat_app


def database_text(session, skip: str = "") -> str:  # type: ignore[no-untyped-def]
    """Every value of every row of every table but `skip` (documents' bytes aside), as text."""
    session.expire_all()
    return "\n".join(
        str(value)
        for table in Base.metadata.sorted_tables
        if table.name != skip
        for row in session.execute(table.select())
        for value in row
        if not isinstance(value, bytes)
    )


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    """Rows of a table."""
    return session.scalar(select(func.count()).select_from(model))


def maria_id(session) -> int:  # type: ignore[no-untyped-def]
    """Maria's consumer id."""
    return session.scalar(select(Consumer.id).where(Consumer.document == DEMO_DOCUMENT))


def audits(session, action: str) -> list[AuditLog]:  # type: ignore[no-untyped-def]
    """The audit entries of an action."""
    return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_export_holds_the_titulars_data_and_nobody_elses(chats, session) -> None:
    text = dumps(export(session, MARIA, utcnow()))
    data = json.loads(text)
    assert data["consumer"]["document"] == DEMO_DOCUMENT and data["phones"] == [DEMO_PHONE]
    assert [u["uc"] for u in data["units"]] == ["131030"] and len(data["invoices"]) == 6
    assert {e["destination"] for e in data["enrollments"]} == {DEMO_EMAIL, NEW_EMAIL}
    consent = data["consents"][0]
    assert consent["text"] and consent["text_version"] and consent["channel"] == "whatsapp"
    bodies = [m["body"] for c in data["conversations"] for m in c.get("messages", [])]
    assert "ADERIR EMAIL <e-mail>" in bodies and "oi" in bodies and len(bodies) == 5  # as stored
    assert all(m["replies"] for c in data["conversations"] for m in c.get("messages", []))
    assert {c["phone"] for c in data["conversations"]} == {DEMO_PHONE, EIGHT_DIGITS}
    assert len(data["handoffs"]) == 1
    assert {d["medium"] for d in data["deliveries"]} >= {"whatsapp", "sms"}
    assert all(d["history"] for d in data["deliveries"])
    assert [f["uc"] for f in data["identification_failures"]] == ["131030"]
    assert data["invoices"][0]["amount"] == "198.37"  # money and dates as text
    for other in (PADARIA_PHONE[3:], PADARIA_EMAIL, "220045", "Padaria", STRANGER[3:]):
        assert other not in text
    entry = audits(session, "lgpd.export")[0]
    assert (entry.actor, entry.entity) == ("cli", "consumer")
    assert entry.entity_id == str(maria_id(session)) and DEMO_DOCUMENT not in str(entry.detail)
    assert entry.detail["conversations"] == 3  # WhatsApp and SMS, and the 8-digit form


def test_erase_leaves_no_trace_of_her_contacts_and_keeps_invoices_and_consent(
    chats, session
) -> None:
    assert all(trace in database_text(session) for trace in MARIA_TRACES)
    invoices, consents = count(session, Invoice), count(session, Consent)

    report = erase(session, MARIA)

    text = database_text(session)
    for trace in MARIA_TRACES:
        assert trace not in text, trace
    assert PADARIA_PHONE in text and PADARIA_EMAIL in text  # the other titular is untouched
    assert count(session, Invoice) == invoices and count(session, Consent) == consents
    consent = session.scalar(select(Consent))
    proof = session.get(InboundMessage, consent.inbound_message_id)
    assert proof.provider_message_id and proof.body == "ADERIR EMAIL <e-mail>"
    assert consent.phone == proof.from_number and consent.phone.startswith("apagado-")
    mine = session.scalars(select(InboundMessage).where(InboundMessage.id != proof.id)).all()
    assert {m.body for m in mine if m.from_number.startswith("apagado-")} == {MARKER}
    assert count(session, Enrollment) == 0  # erasing is also opting out of the digital invoice
    assert count(session, ConsumerPhone) == 1 and session.get(Consumer, maria_id(session)).name
    assert report.counts["phones"] == 1 and report.counts["enrollments"] == 2
    entry = audits(session, "lgpd.erase")[0]
    assert (entry.actor, entry.entity, entry.entity_id) == (
        "cli",
        "consumer",
        str(maria_id(session)),
    )
    assert entry.detail["inbound messages"] == 5 and DEMO_DOCUMENT not in str(entry.detail)


def test_a_second_erase_changes_nothing_and_says_so(chats, session) -> None:
    assert erase(session, DEMO_DOCUMENT).changed
    before = database_text(session, skip="audit_log")
    again = erase(session, MARIA)
    assert not again.changed and set(again.counts.values()) == {0}
    assert database_text(session, skip="audit_log") == before
    assert len(audits(session, "lgpd.erase")) == 2  # every request is audited


def test_a_phone_another_titular_also_has_on_file_is_kept(chat_app, session) -> None:
    record = consumer(
        "11222333000181", name="Padaria", phones=[PADARIA_PHONE, DEMO_PHONE], email=PADARIA_EMAIL
    )
    import_lines(session, jsonl(record).splitlines(), lambda n, why: pytest.fail(why))
    post(chat_app.test_client(), "oi")
    report = erase(session, MARIA)
    assert report.shared_kept == 1 and "kept: 1" in report.lines()[-1]
    session.expire_all()
    assert session.scalar(select(Conversation.phone)) == DEMO_PHONE
    assert session.scalar(select(InboundMessage.body)) == "oi"
    phones = sorted(session.scalars(select(ConsumerPhone.phone)))
    assert phones == sorted([PADARIA_PHONE, DEMO_PHONE])  # hers went, the bakery's stay


def _fatura(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `fatura` command on the test database."""
    env = {**os.environ, "DATABASE_URL": db_url, "APP_ENV": "test"}
    env.pop("REDIS_URL", None)
    command = [str(Path(sys.executable).parent / "fatura"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_the_lgpd_commands_export_to_a_file_and_erase(chats, db_url, session, tmp_path) -> None:
    output = tmp_path / "maria.json"
    done = _fatura(db_url, "lgpd", "export", "--document", MARIA, "--output", str(output))
    assert done.returncode == 0, done.stderr
    assert json.loads(output.read_text(encoding="utf-8"))["phones"] == [DEMO_PHONE]
    assert output.stat().st_mode & 0o777 == 0o600  # personal data: the owner's eyes only
    to_stdout = _fatura(db_url, "lgpd", "export", "--document", DEMO_DOCUMENT)
    assert json.loads(to_stdout.stdout)["units"][0]["uc"] == "131030"
    erased = _fatura(db_url, "lgpd", "erase", "--document", DEMO_DOCUMENT)
    assert erased.returncode == 0, erased.stderr
    assert "inbound messages: 5" in erased.stdout.splitlines()
    again = _fatura(db_url, "lgpd", "erase", "--document", MARIA)
    assert again.returncode == 0 and "nothing left to erase" in again.stdout
    session.expire_all()
    assert count(session, OutboxMessage) == 1  # the bakery's copy


@pytest.mark.parametrize(
    ("document", "status", "message"),
    [("123.456.789-00", 2, "verificadores"), ("529.982.247-25", 1, "nenhum titular")],
)
def test_a_bad_or_unknown_document_is_refused_and_nothing_is_written(
    db_url, session, tmp_path, document, status, message
) -> None:
    output = tmp_path / "out.json"
    for args in (("export", "--output", str(output)), ("erase",)):
        done = _fatura(db_url, "lgpd", args[0], "--document", document, *args[1:])
        assert done.returncode == status and message in done.stderr
        assert done.stdout == "" and not output.exists()
    assert count(session, AuditLog) == 0


def test_a_landline_on_file_and_what_came_from_it_are_hers_too(chat_app, session) -> None:
    """A fixed line never identifies anyone, but it is still the titular's data: export has
    it and its messages, erase removes them."""
    landline = "+553133334444"
    maria = session.scalar(select(Consumer.id).where(Consumer.document == DEMO_DOCUMENT))
    session.add(ConsumerPhone(consumer_id=maria, phone=landline))
    session.commit()
    post(chat_app.test_client(), "oi, aqui é a maria", channel="sms", phone=landline)
    session.expire_all()
    data = export(session, MARIA, utcnow())
    assert landline in data["phones"]
    bodies = [m["body"] for c in data["conversations"] for m in c.get("messages", [])]
    assert "oi, aqui é a maria" in bodies
    erase(session, MARIA)
    assert landline[3:] not in database_text(session, skip="audit_log")
