"""Automatic debit end to end: a bank's opt-in, a new invoice in the debit file, a debited
result paying it, a failed one telling the consumer why and how to pay; idempotency, D
records, sequences."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from billing.debit_file import parse_debit_file
from bot.formatting import to_ascii
from models import (
    AuditLog,
    DebitEnrollment,
    DebitFile,
    Delivery,
    DeliveryStatus,
    Invoice,
    InvoiceStatus,
)
from services import settings
from services.collection import sequences
from services.collection.closed_days import NotAllowed
from services.collection.debit_identity import change_identification
from services.collection.debit_remessa import NoAgreement, generate
from services.collection.debit_returns import import_debit_return
from services.core.clock import local_today
from services.delivery.debit_notices import notify_failed
from tests.support.chat import DEMO_PHONE, post, replies
from tests.support.debit_files import Option, Result, build

UC = "131030"


@pytest.fixture
def chat(chat_app, session):  # type: ignore[no-untyped-def]
    """The demo distributor with an agreement with bank 341 (Itaú)."""
    settings.update(session, {"direct_debit_banks": "341, 001"}, "test")
    return chat_app.test_client()


def new_invoice(client, auth, key: str, reference: str, days: int, amount: str) -> Invoice:  # type: ignore[no-untyped-def]
    """The ERP issues an invoice due in `days` days."""
    today = local_today()
    record = {
        "id": key,
        "uc": UC,
        "reference": reference,
        "kind": "energy",
        "issue_date": today.isoformat(),
        "due_date": (today + timedelta(days=days)).isoformat(),
        "amount": amount,
        "status": "open",
    }
    assert client.post("/api/v1/invoices", json=record, headers=auth).status_code == 201


def opt_in(session, sequence: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Bank 341 reports UC 131030's opt-in."""
    summary = import_debit_return(
        session, build([Option(UC)], sequence=sequence, day=local_today()), "OPT.txt"
    )
    assert summary.status == "imported" and summary.opt_ins == 1


def invoice(session, key: str) -> Invoice:  # type: ignore[no-untyped-def]
    """The invoice by its ERP id, fresh."""
    session.expire_all()
    return session.scalar(select(Invoice).where(Invoice.key == key))


def test_opt_in_debit_file_paid_and_failed_with_the_consumer_told(chat, session, auth) -> None:
    opt_in(session)
    new_invoice(chat, auth, "F-131030-DEB-1", "2030-01", 3, "187.45")
    made = generate(session, "341", local_today(), "test")
    parsed = parse_debit_file(made.text, expect="1")
    (request,) = parsed.requests
    assert (request.company_id, request.company_field) == (UC, "F-131030-DEB-1")
    assert request.amount_cents == 18745 and request.agency == "1234"
    assert request.due_date == local_today() + timedelta(days=3) and parsed.header.sequence == 1
    assert "F-131030-" not in made.text.replace("F-131030-DEB-1", "")  # nothing else is due
    day = local_today()
    paid = build(results=[Result(UC, "F-131030-DEB-1", 18745, on=day)], sequence=2, day=day)
    assert import_debit_return(session, paid, "RET2.txt").results.debited == 1
    first = invoice(session, "F-131030-DEB-1")
    assert first.status is InvoiceStatus.PAID and first.collection_agent == "341 BANCO TESTE"
    debts = "\n".join(replies(post(chat, "DEBITOS")))
    assert "01/2030" in debts.partition("Pagamentos recebidos")[2]

    new_invoice(chat, auth, "F-131030-DEB-2", "2030-02", 4, "99.90")
    assert generate(session, "341", local_today(), "test").sequence == 2
    failed = build(results=[Result(UC, "F-131030-DEB-2", 0, code="01", on=day)], sequence=3)
    summary = import_debit_return(session, failed, "RET3.txt")
    assert summary.results.failed == 1
    second = invoice(session, "F-131030-DEB-2")
    assert second.status is InvoiceStatus.OPEN
    ids = notify_failed(session, summary.results.failed_request_ids, local_today())
    firsts = [session.get(Delivery, i) for i in ids]  # no WhatsApp: e-mail and SMS
    assert {d.destination for d in firsts} == {DEMO_PHONE, "teste@teste.com"}
    assert all("nao havia saldo suficiente" in to_ascii(d.body) for d in firsts)
    assert all("02/2030" in d.body for d in firsts)
    sms = session.scalars(select(Delivery).where(Delivery.destination == DEMO_PHONE)).all()
    assert re.fullmatch(r"\d{48}", sms[1].body) and sms[1].status is DeliveryStatus.HELD
    assert notify_failed(session, summary.results.failed_request_ids, local_today()) == []


def test_the_same_return_twice_changes_nothing_and_a_bad_one_is_kept(chat, session) -> None:
    opt_in(session)
    again = build([Option(UC)], sequence=1, day=local_today())
    assert import_debit_return(session, again, "OPT.txt").status == "duplicate"
    bad = build([Option(UC, opt_in=False)], sequence=9, count=7)
    summary = import_debit_return(session, bad, "BAD.txt")
    assert summary.status == "rejected" and "record count is 7" in summary.error
    session.expire_all()
    assert session.scalar(select(DebitEnrollment)).active  # the opt-out was not applied
    kept = session.scalar(select(DebitFile).where(DebitFile.status == "rejected"))
    assert kept.content == bad and kept.filename == "BAD.txt"


def test_an_opt_out_stops_the_debits(chat, session, auth) -> None:
    opt_in(session)
    out = build([Option(UC, opt_in=False)], sequence=2, day=local_today())
    assert import_debit_return(session, out, "OUT.txt").opt_outs == 1
    new_invoice(chat, auth, "F-131030-DEB-3", "2030-03", 2, "50.00")
    assert generate(session, "341", local_today(), "test") is None


def test_a_bank_without_agreement_gets_no_file(chat, session) -> None:
    with pytest.raises(NoAgreement):
        generate(session, "237", local_today(), "test")


def test_d_record_only_while_the_setting_is_on(chat, session, auth) -> None:
    opt_in(session)
    change_identification(session, UC, "9131030", "maria")
    new_invoice(chat, auth, "F-131030-DEB-4", "2030-04", 1, "10.00")
    off = parse_debit_file(generate(session, "341", local_today(), "test").text, expect="1")
    assert off.changes == () and off.requests[0].company_id == UC  # the bank's old id
    settings.update(session, {"direct_debit_record_d": True}, "test")
    new_invoice(chat, auth, "F-131030-DEB-5", "2030-05", 2, "11.00")
    on = parse_debit_file(generate(session, "341", local_today(), "test").text, expect="1")
    assert [(c.previous_id, c.new_id) for c in on.changes] == [(UC, "9131030")]
    assert on.requests[0].company_id == "9131030"
    assert generate(session, "341", local_today(), "test") is None  # told once


def test_only_the_allowed_user_changes_the_sequence_and_it_is_audited(chat, session) -> None:
    with pytest.raises(NotAllowed):
        sequences.set_last(session, "341", 40, "maria")  # nobody allowed yet
    settings.update(session, {"collection_sequence_user": "joana"}, "test")
    with pytest.raises(NotAllowed, match="joana"):
        sequences.set_last(session, "341", 40, "maria")
    sequences.set_last(session, "341", 40, "joana")
    assert sequences.take_next(session, "341") == 41
    audit = session.scalar(select(AuditLog).where(AuditLog.action == "collection.sequence"))
    assert audit.actor == "joana" and audit.detail == {"old": 0, "new": 40}


def test_the_filter_setting_chooses_which_invoices_go_in_the_file(chat, session, auth) -> None:
    opt_in(session)
    due = (local_today() + timedelta(days=2)).isoformat()
    record = {"id": "O-1", "uc": UC, "reference": "2030-06", "kind": "other", "due_date": due}
    record["amount"] = "30.00"
    assert chat.post("/api/v1/invoices", json=record, headers=auth).status_code == 201
    assert generate(session, "341", local_today(), "test") is None  # energy only (default)
    settings.update(session, {"direct_debit_filter": "energy_and_other"}, "test")
    made = parse_debit_file(generate(session, "341", local_today(), "test").text, expect="1")
    assert [r.company_field for r in made.requests] == ["O-1"]
