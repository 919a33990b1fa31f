"""Data-subject requests cover the hand-offs: the export holds their protocol, answers,
closing, rating and comment and the staff's messages; the erasure leaves none of those
words, nor a text still held for the consumer's answer."""

from __future__ import annotations

import json

from sqlalchemy import select

from models import Handoff, HandoffMessage, utcnow
from services.privacy.lgpd_erase import MARKER, erase
from services.privacy.lgpd_export import dumps, export
from tests.support.admin_client import STAFF_LOGIN
from tests.support.chat import post
from tests.support.handoffs import act, ask_for_person, business_hours, forget_settings, handoff_of

MARIA = "123.456.789-09"
STAFF_TEXT = "Dona Maria, a religação da Rua das Flores sai amanhã."


def _served_and_rated(chat_app, staff, session) -> Handoff:  # type: ignore[no-untyped-def]
    """Maria asks for a person; Ana answers, closes, and Maria rates it with a comment."""
    business_hours(session)
    protocol, _ = ask_for_person(staff)
    handoff = handoff_of(session, protocol)
    act(staff, handoff.id, "assumir")
    act(staff, handoff.id, "responder", texto=STAFF_TEXT)
    chat_app.extensions["fatura"].queue.join(20.0)
    act(staff, handoff.id, "encerrar", motivo="religação agendada para Maria")
    chat_app.extensions["fatura"].queue.join(20.0)
    post(staff, "5 a moça foi muito atenciosa comigo")
    forget_settings()
    return handoff_of(session, protocol)


def test_the_export_holds_the_hand_off_and_the_staffs_messages(chat_app, staff, session) -> None:
    handoff = _served_and_rated(chat_app, staff, session)
    data = json.loads(dumps(export(session, MARIA, utcnow())))
    (row,) = data["handoffs"]
    assert row["protocol"] == handoff.protocol and row["uc"] == "131030"
    assert (row["assigned_to"], row["handled_by"], row["rating"]) == (STAFF_LOGIN, STAFF_LOGIN, 5)
    assert row["rating_comment"] == "a moça foi muito atenciosa comigo"
    assert row["first_answer_at"] and row["close_reason"] == "religação agendada para Maria"
    kinds = [(m["kind"], m["author"], m["status"]) for m in row["messages"]]
    assert kinds == [("text", STAFF_LOGIN, "sent"), ("survey", STAFF_LOGIN, "sent")]
    assert row["messages"][0]["body"] == STAFF_TEXT


def test_the_erasure_leaves_none_of_their_words(chat_app, staff, session) -> None:
    handoff = _served_and_rated(chat_app, staff, session)
    held = HandoffMessage(handoff_id=handoff.id, author=STAFF_LOGIN, body="outra",
                          pending_body="outra resposta para Maria", status="held")  # fmt: skip
    session.add(held)
    session.commit()
    report = erase(session, MARIA)
    assert report.counts["hand-off messages"] == 3
    session.expire_all()
    row = session.get(Handoff, handoff.id)
    assert (row.close_reason, row.rating_comment, row.rating) == (MARKER, MARKER, 5)
    assert row.phone.startswith("apagado-") and row.protocol == handoff.protocol
    stored = session.execute(select(HandoffMessage.body, HandoffMessage.pending_body)).all()
    assert set(stored) == {(MARKER, None)}
    assert not erase(session, MARIA).changed  # a second request finds nothing left
