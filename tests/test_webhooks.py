"""The Twilio inbound webhooks: signatures, repeats, bad input, and documents end to end."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from app import create_app
from models import (
    Consent,
    Delivery,
    Enrollment,
    IdentificationFailure,
    InboundMessage,
    OutboxMessage,
)
from services import settings
from tests.conftest import make_config
from tests.support.chat import AUTH_TOKEN, BASE_URL, DEMO_PHONE, form, post, replies, sign

STRANGER = "+5521988776655"


@pytest.fixture
def chat(chat_app):  # type: ignore[no-untyped-def]
    """The app with Twilio signatures on, outbox channels and the demo distributor."""
    return chat_app


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    """Rows of a table, fresh from the database."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_signed_message_gets_the_menu(chat, session) -> None:
    response = post(chat.test_client(), "oi")
    assert response.status_code == 200 and response.mimetype == "text/xml"
    text = "\n".join(replies(response))
    assert "2ª via" in text or "2a via" in text
    assert count(session, InboundMessage) == 1


@pytest.mark.parametrize("how", ["missing", "wrong", "tampered", "other token", "not ascii"])
def test_forged_requests_are_403_and_record_nothing(chat, session, how) -> None:
    path = "/webhooks/twilio/whatsapp"
    params = form("oi")
    headers = {
        "missing": {},
        "wrong": {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
        "tampered": {"X-Twilio-Signature": sign(path, {**params, "Body": "menu"})},
        "other token": {"X-Twilio-Signature": sign(path, params, token="someone-else")},
        "not ascii": {"X-Twilio-Signature": "assinatura-ção"},
    }[how]
    response = chat.test_client().post(path, data=params, headers=headers)
    assert response.status_code == 403
    assert count(session, InboundMessage) == 0


def test_a_signature_over_the_url_without_its_port_is_accepted(chat, session) -> None:
    """Twilio's own rule (RequestValidator.validate): a base URL written with a port may
    have been signed without it."""
    path, params = "/webhooks/twilio/whatsapp", form("oi")
    no_port = RequestValidator(AUTH_TOKEN).compute_signature(
        BASE_URL.replace(":5000", "") + path, params
    )
    response = chat.test_client().post(path, data=params, headers={"X-Twilio-Signature": no_port})
    assert response.status_code == 200 and count(session, InboundMessage) == 1


def test_without_an_auth_token_outside_development_webhooks_fail_closed(db, session) -> None:
    app = create_app(make_config(db.url, public_base_url=BASE_URL), db=db)
    response = app.test_client().post("/webhooks/twilio/sms", data=form("oi", "sms"))
    assert response.status_code == 403 and count(session, InboundMessage) == 0


def test_development_with_outbox_accepts_unsigned_requests(db, session) -> None:
    app = create_app(make_config(db.url, app_env="development"), db=db)
    response = app.test_client().post("/webhooks/twilio/sms", data=form("oi", "sms"))
    assert response.status_code == 200 and replies(response)


def test_the_same_message_three_times_is_answered_once(chat, session) -> None:
    client = chat.test_client()
    first = post(client, "2via", sid="SMrepeat")
    again = [post(client, "2via", sid="SMrepeat") for _ in range(2)]
    assert replies(first)
    assert all(r.status_code == 200 and replies(r) == [] for r in again)
    assert count(session, InboundMessage) == 1
    assert count(session, Delivery) <= 1


def test_concurrent_repeats_give_one_answer_and_at_most_one_document(chat, session) -> None:
    barrier = threading.Barrier(3)
    answers: list[list[str]] = []

    def deliver() -> None:
        client = chat.test_client()
        barrier.wait()
        answers.append(replies(post(client, "2via", sid="SMconcurrent")))

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(len(a) > 0 for a in answers) == [False, False, True]
    assert count(session, InboundMessage) == 1
    assert count(session, Delivery) <= 1


def test_garbage_gets_a_short_line_then_the_menu_with_a_hint(chat) -> None:
    first = "\n".join(replies(post(chat.test_client(), "asdf qwerty ???")))
    assert "entendi" in first.lower() and "1 - " not in first
    text = "\n".join(replies(post(chat.test_client(), "zzz yyy !!!")))
    assert "1 - " in text and ("entendi" in text.lower())


@pytest.mark.parametrize("size", [20_000, 200_000])
def test_an_oversized_body_is_a_clean_answer_never_a_5xx(chat, size) -> None:
    response = post(chat.test_client(), "x" * size)
    assert response.status_code in (200, 413)
    if size > 64 * 1024:
        assert response.status_code == 413


def test_whatsapp_sends_nothing_while_channel_is_off(chat, session) -> None:
    settings.update(session, {"channel_product_enabled": False}, "test")
    response = post(chat.test_client(), "oi")
    assert response.status_code == 200 and replies(response) == []
    sms = post(chat.test_client(), "oi", channel="sms")
    assert replies(sms)


def test_a_second_copy_reaches_the_chat_as_a_pdf(chat, session) -> None:
    response = post(chat.test_client(), "2via")
    assert replies(response)
    chat.extensions["fatura"].queue.join()
    session.expire_all()
    delivery = session.scalar(select(Delivery))
    assert delivery.status.value == "sent" and delivery.destination == DEMO_PHONE
    assert delivery.kind.value == "second_copy" and delivery.requested_by == "whatsapp"
    assert delivery.created_at is not None and delivery.events[0].status == "pending"
    assert delivery.events[0].detail == {} and delivery.events[0].at is not None
    message = session.scalar(select(OutboxMessage))
    assert message.document.startswith(b"%PDF-") and message.media_url.startswith(BASE_URL)
    pdf = chat.test_client().get(message.media_url.removeprefix(BASE_URL))
    assert pdf.status_code == 200 and pdf.data == message.document


def test_on_sms_a_second_copy_is_a_short_link(chat, session) -> None:
    post(chat.test_client(), "2via", channel="sms")
    chat.extensions["fatura"].queue.join()
    session.expire_all()
    message = session.scalar(select(OutboxMessage))
    assert message.document is None and "/m/" in message.text
    assert message.text.isascii()
    link = message.text.split(BASE_URL, 1)[1].split()[0]
    pdf = chat.test_client().get(link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_enrollment_by_keyword_records_the_consent(chat, session) -> None:
    text = "\n".join(replies(post(chat.test_client(), "ADERIR EMAIL maria@example.com")))
    assert "CANCELAR" in text.upper()
    session.expire_all()
    row = session.scalar(select(Enrollment).where(Enrollment.destination == "maria@example.com"))
    assert row is not None and row.created_by == "whatsapp"
    consent = session.scalar(select(Consent).where(Consent.enrollment_id == row.id))
    assert consent.text and consent.text_version and consent.inbound_message_id


def test_five_wrong_cpfs_lock_the_number_across_requests(chat, session) -> None:
    client = chat.test_client()
    answers = []
    for _ in range(6):
        post(client, "2via 131030", channel="sms", phone=STRANGER)
        answers.append(replies(post(client, "52998224725", channel="sms", phone=STRANGER)))
    assert count(session, IdentificationFailure) == 5
    assert answers[0] == answers[4]  # the same reply for every failure
    assert answers[5] != answers[4]  # then the lock
    assert count(session, Delivery) == 0


@pytest.mark.parametrize(
    "texts",
    [[], [""], ["oi"], ["a & b <c> \"q\" 's' ção\n\tx\r\n", "R$ 1.234,56 > 0"], ["]]>", "&amp;"]],
)
def test_twiml_is_written_as_twilio_writes_it(texts) -> None:
    from twilio.twiml.messaging_response import MessagingResponse

    from webhooks.twilio import twiml

    expected = MessagingResponse()
    for text in texts:
        expected.message(text)
    assert twiml(texts).get_data(as_text=True) == str(expected)
