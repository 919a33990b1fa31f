"""Sending: re-checks at send time, failures with the provider's code, the template retry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from app import create_app
from models import (
    Conversation,
    Delivery,
    DeliveryKind,
    DeliveryMedium,
    DeliveryStatus,
    Enrollment,
    Invoice,
    OutboxMessage,
    utcnow,
)
from services import settings
from services.delivery import deliveries, dispatch
from services.erp.demo import load_demo
from tests.conftest import make_config
from tests.support.fake_twilio import FakeTwilio
from workers.jobs import send_delivery

PHONE = "+5531988887777"


def text(session, medium: DeliveryMedium = DeliveryMedium.SMS) -> Delivery:  # type: ignore[no-untyped-def]
    """A pending text delivery to PHONE."""
    return deliveries.create_text(
        session, medium=medium, destination=PHONE, text="Olá", dedupe_key=f"t-{medium.value}"
    )[0]


def fresh(session, delivery: Delivery) -> Delivery:  # type: ignore[no-untyped-def]
    """The delivery as stored now."""
    session.expire_all()
    return session.get(Delivery, delivery.id)


def test_an_opt_out_after_enqueue_stops_the_send(app, session) -> None:
    delivery = text(session)
    session.add(Conversation(channel="sms", phone=PHONE, data={}, opted_out_at=utcnow()))
    session.commit()
    send_delivery(delivery.id)
    stored = fresh(session, delivery)
    assert stored.status is DeliveryStatus.SKIPPED and "SAIR" in stored.reason
    assert session.scalars(select(OutboxMessage)).all() == []


def test_whatsapp_is_skipped_with_the_reason_while_channel_is_off(app, session) -> None:
    delivery = text(session, DeliveryMedium.WHATSAPP)
    send_delivery(delivery.id)
    stored = fresh(session, delivery)
    assert stored.status is DeliveryStatus.SKIPPED and "Channel" in stored.reason


def test_a_first_copy_whose_enrollment_was_removed_is_skipped(app, session) -> None:
    load_demo(session, date.today())
    invoice = session.scalar(select(Invoice).order_by(Invoice.id.desc()))
    enrollment = session.scalar(select(Enrollment))
    delivery, _ = deliveries.create(
        session,
        dedupe_key="first-x",
        invoice_id=invoice.id,
        unit_id=invoice.unit_id,
        medium=DeliveryMedium.EMAIL,
        destination=enrollment.destination,
        kind=DeliveryKind.FIRST_COPY,
    )
    session.delete(enrollment)
    session.commit()
    send_delivery(delivery.id)
    stored = fresh(session, delivery)
    assert stored.status is DeliveryStatus.SKIPPED and "adesão" in stored.reason


@pytest.fixture
def twilio(db, tmp_path) -> Iterator[tuple[object, FakeTwilio]]:
    """The app sending SMS/WhatsApp through a local fake of Twilio's REST API."""
    fake = FakeTwilio().start()
    app = create_app(
        make_config(
            db.url,
            twilio_account_sid="AC" + "0" * 32,
            twilio_auth_token="tok",
            twilio_api_base_url=fake.url,
            twilio_sms_from="+5531300000000",
            twilio_whatsapp_from="whatsapp:+5531300000000",
            twilio_whatsapp_template_sid="HX" + "1" * 32,
            media_dir=str(tmp_path / "m"),
        ),
        db=db,
    )
    with app.app_context():
        yield app, fake
    fake.stop()


def test_a_permanent_failure_keeps_the_provider_code_and_a_reason(twilio, session) -> None:
    _, fake = twilio
    fake.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
    delivery = text(session)
    send_delivery(delivery.id)
    stored = fresh(session, delivery)
    assert stored.status is DeliveryStatus.FAILED and stored.provider_code == "21610"
    assert stored.reason


def test_transient_failures_retry_then_give_up_with_the_reason(twilio, session) -> None:
    _, fake = twilio
    fake.fail_next(503, None, "Service Unavailable", times=dispatch.MAX_ATTEMPTS)
    delivery = text(session)
    for attempt in range(1, dispatch.MAX_ATTEMPTS + 1):
        if attempt < dispatch.MAX_ATTEMPTS:
            with pytest.raises(Exception):  # noqa: B017  (the queue retries on any exception)
                send_delivery(delivery.id)
            assert fresh(session, delivery).status is DeliveryStatus.PENDING
        else:
            send_delivery(delivery.id)
    stored = fresh(session, delivery)
    assert stored.status is DeliveryStatus.FAILED and "tentativas esgotadas" in stored.reason
    assert len(fake.requests) == dispatch.MAX_ATTEMPTS


def test_outside_the_whatsapp_window_the_template_is_tried_once(twilio, session) -> None:
    _, fake = twilio
    settings.update(session, {"channel_product_enabled": True}, "test")
    session.add(Conversation(channel="whatsapp", phone=PHONE, data={}, last_inbound_at=utcnow()))
    session.commit()
    fake.fail_next(400, 63016, "Outside the allowed window")
    delivery = text(session, DeliveryMedium.WHATSAPP)
    send_delivery(delivery.id)
    stored = fresh(session, delivery)
    assert stored.status is DeliveryStatus.SENT
    assert "ContentSid" not in fake.requests[0].form and fake.requests[1]["ContentSid"]
    assert len(fake.requests) == 2


def test_a_delivery_that_keeps_breaking_before_the_send_ends_failed(app, session) -> None:
    from datetime import timedelta

    from services.delivery import sweeper

    delivery = text(session)
    stored = fresh(session, delivery)
    stored.status, stored.attempts = DeliveryStatus.SENDING, dispatch.MAX_ATTEMPTS - 1
    session.commit()
    later = utcnow() + timedelta(minutes=11)
    assert sweeper.sweep(session, later).recovered == [delivery.id]  # one more try...
    stored = fresh(session, delivery)
    stored.status, stored.attempts = DeliveryStatus.SENDING, dispatch.MAX_ATTEMPTS
    session.commit()
    report = sweeper.sweep(session, later + timedelta(minutes=11))
    assert report.recovered == [] and report.needs_review == []  # ...then it stops
    assert fresh(session, delivery).status is DeliveryStatus.FAILED
