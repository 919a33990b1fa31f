"""The chat simulator as a stranger and as staff meet it: who may open it, which numbers it may
write as, and how everything it sends is marked as simulated."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import create_app
from models import AuditLog, Consent, Enrollment, InboundMessage
from services.core.clock import local_today
from services.erp.demo import DEMO_DOCUMENT, DEMO_PHONE, load_demo
from tests.conftest import make_config
from tests.support.admin_client import STAFF_LOGIN
from tests.support.chat import AUTH_TOKEN, BASE_URL, post

STRANGER = "+5531977776666"  # on nobody's file
CREDENTIALS = [
    {"twilio_auth_token": AUTH_TOKEN},
    {"twilio_account_sid": "AC" + "1" * 32},
    {"smtp_url": "smtp://user:pass@127.0.0.1:2525"},
]


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    """The CSRF token the simulator page hands its script."""
    page = client.get("/simulator").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page)[1]


def _say(client, text: str, phone: str = STRANGER, channel: str = "whatsapp"):  # type: ignore[no-untyped-def]
    """Type one message in the simulator as a logged-in staff member's browser would."""
    body = {"channel": channel, "phone": phone, "text": text}
    return client.post("/simulator/send", json=body, headers={"X-CSRFToken": _csrf(client)})


@pytest.mark.parametrize("credentials", CREDENTIALS)
def test_with_real_credentials_the_simulator_needs_a_login_even_in_development(
    db, session, tmp_path, credentials
) -> None:
    """APP_ENV unset means development: real credentials alone close the simulator."""
    config = make_config(
        db.url,
        app_env="development",
        public_base_url=BASE_URL,
        media_dir=str(tmp_path / "m"),
        **credentials,
    )
    application = create_app(config, db=db)
    with application.app_context():
        client = application.test_client()
        send = {"channel": "whatsapp", "phone": DEMO_PHONE, "text": "debitos"}
        assert client.get("/simulator").headers["Location"] == "/admin/login?next=/simulator"
        assert client.post("/simulator/send", json=send).status_code == 302
        assert client.get(f"/simulator/outbox?phone={DEMO_PHONE}").status_code == 302
    assert session.scalar(select(InboundMessage)) is None


def test_the_embedded_default_stays_open_and_marks_what_it_sends(db, session, tmp_path) -> None:
    """`make run`: no credentials, the demo consumer's number works, and is marked anyway."""
    load_demo(session, local_today())
    config = make_config(db.url, app_env="development", media_dir=str(tmp_path / "m"))
    application = create_app(config, db=db)
    with application.app_context():
        body = {"channel": "whatsapp", "phone": DEMO_PHONE, "text": "debitos"}
        answer = application.test_client().post("/simulator/send", json=body)
    assert answer.status_code == 200 and "10/2026" in " ".join(answer.get_json()["replies"])
    session.expire_all()
    assert session.scalar(select(InboundMessage.simulated_by)) == "anonimo"
    audit = session.scalar(select(AuditLog).where(AuditLog.action == "simulator.send"))
    assert audit.actor == "anonimo"


@pytest.mark.parametrize("phone", [DEMO_PHONE, "(31) 99999-0000"])
def test_with_credentials_a_consumers_number_is_refused(staff, session, phone) -> None:
    outbox = staff.get("/simulator/outbox", query_string={"phone": phone})
    for answer in (_say(staff, "debitos", phone), outbox):
        assert answer.status_code == 403
        assert answer.get_json()["error"] == "number_taken"
        assert "consumidor" in answer.get_json()["message"]
    session.expire_all()
    assert session.scalar(select(InboundMessage)) is None


@pytest.mark.parametrize(
    ("real", "typed"),
    [
        (STRANGER, STRANGER),
        ("+553197776666", "+5531997776666"),  # WhatsApp drops the 9
        ("+553133334444", "+553133334444"),  # a fixed line (WhatsApp Business) wrote to us
    ],
)
def test_with_credentials_a_number_a_real_person_wrote_from_is_refused(staff, real, typed) -> None:
    post(staff, "oi", phone=real)  # a real, signed message from that person
    answer = _say(staff, "debitos", typed)
    assert answer.status_code == 403 and answer.get_json()["error"] == "number_taken"


def test_a_simulated_enrollment_is_no_consent_and_names_the_staff_member(staff, session) -> None:
    replies = _say(staff, "aderir 131030 email simulado@example.com").get_json()["replies"]
    assert "CPF" in " ".join(replies).upper()
    assert _say(staff, DEMO_DOCUMENT).status_code == 200
    session.expire_all()
    row = session.scalar(select(Enrollment).where(Enrollment.destination == "simulado@example.com"))
    consent = session.scalar(select(Consent).where(Consent.enrollment_id == row.id))
    assert consent.simulated_by == STAFF_LOGIN
    created = session.scalar(select(AuditLog).where(AuditLog.action == "enrollment.create"))
    assert created.actor == f"simulador:{STAFF_LOGIN}"
    inbound = session.scalars(select(InboundMessage.simulated_by)).all()
    assert inbound == [STAFF_LOGIN, STAFF_LOGIN]
    sent = session.scalars(select(AuditLog).where(AuditLog.action == "simulator.send")).all()
    assert [a.actor for a in sent] == [STAFF_LOGIN, STAFF_LOGIN]
    assert all(a.detail["phone"] == "+55 31 9****-6666" for a in sent)
    assert "977776666" not in str([a.detail for a in sent])


def test_the_transcript_says_who_simulated_a_message(staff, session) -> None:
    _say(staff, "oi", channel="sms")
    post(staff, "oi", channel="sms", phone="+5531966665555")
    listing = staff.get("/admin/atendimentos").get_data(as_text=True)
    links = re.findall(r'href="(/admin/conversas/\d+)"', listing)
    pages = {link: staff.get(link).get_data(as_text=True) for link in links}
    simulated = [p for p in pages.values() if "9****-6666" in p]
    real = [p for p in pages.values() if "9****-5555" in p]
    assert f"simulado por {STAFF_LOGIN}" in simulated[0]
    assert "simulado por" not in real[0]


def test_with_twilio_configured_a_simulated_document_goes_to_the_outbox(
    db, session, tmp_path
) -> None:
    """A staff member types a stranger's real number: the 2ª via the bot sends lands in the
    outbox, and Twilio's API is never called."""
    from models import Delivery, OutboxMessage
    from tests.support.admin_client import log_in
    from tests.support.fake_twilio import FakeTwilio

    load_demo(session, local_today())
    fake = FakeTwilio().start()
    try:
        config = make_config(
            db.url,
            app_env="development",
            public_base_url=BASE_URL,
            media_dir=str(tmp_path / "m"),
            twilio_account_sid="AC" + "1" * 32,
            twilio_auth_token=AUTH_TOKEN,
            twilio_api_base_url=fake.url,
            twilio_whatsapp_from="whatsapp:+5531300000000",
        )
        application = create_app(config, db=db)
        with application.app_context():
            client = log_in(application.test_client(), session)
            assert _say(client, "2via 131030").status_code == 200
            assert _say(client, DEMO_DOCUMENT).status_code == 200
            application.extensions["fatura"].queue.join(30.0)
        session.expire_all()
        delivery = session.scalar(select(Delivery).where(Delivery.destination == STRANGER))
        assert delivery.requested_by == f"simulador:{STAFF_LOGIN}"
        assert delivery.status.value == "sent"
        outbox = session.scalar(select(OutboxMessage).where(OutboxMessage.destination == STRANGER))
        assert outbox is not None and outbox.document
        assert fake.requests == []
    finally:
        fake.stop()
