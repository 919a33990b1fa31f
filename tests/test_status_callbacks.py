"""POST /webhooks/twilio/status: signed callbacks logged as events, statuses only move forward."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app import create_app
from models import Delivery, DeliveryEvent, DeliveryMedium, DeliveryStatus
from services.delivery import deliveries
from services.delivery.provider_status import REASONS, apply_callback
from tests.conftest import make_config
from tests.support.chat import AUTH_TOKEN, BASE_URL, DEMO_PHONE, sign

PATH = "/webhooks/twilio/status"
BEFORE_CALLBACKS = ["pending", "sending", "sent"]


@pytest.fixture
def hook(db, tmp_path):  # type: ignore[no-untyped-def]
    """A test client of the app with Twilio signatures on."""
    config = make_config(
        db.url,
        twilio_auth_token=AUTH_TOKEN,
        public_base_url=BASE_URL,
        media_dir=str(tmp_path / "m"),
    )
    app = create_app(config, db=db)
    with app.app_context():
        yield app.test_client()


def sent_delivery(session, *, mark_sent: bool = True) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A WhatsApp text delivery claimed and (by default) sent; its id and the provider's sid."""
    sid = "SM" + uuid.uuid4().hex
    delivery, _ = deliveries.create_text(
        session,
        medium=DeliveryMedium.WHATSAPP,
        destination=DEMO_PHONE,
        text="Sua fatura está disponível.",
        dedupe_key=f"test-{sid}",
    )
    claimed = deliveries.claim(session, delivery.id)
    assert claimed is not None
    if mark_sent:
        deliveries.mark_sent(session, claimed, sid)
    else:  # the callback won the race against our own commit of `sent`
        claimed.provider_id = sid
        session.commit()
    return delivery.id, sid


def params(sid: str, status: str, **extra: str) -> dict[str, str]:
    """A status callback form as Twilio posts it."""
    return {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "ACtest",
        "MessageStatus": status,
        "SmsStatus": status,
        "From": "whatsapp:+5531300000000",
        "To": f"whatsapp:{DEMO_PHONE}",
        **extra,
    }


def callback(client, sid: str, status: str, **extra: str):  # type: ignore[no-untyped-def]
    """POST a signed status callback."""
    form = params(sid, status, **extra)
    return client.post(PATH, data=form, headers={"X-Twilio-Signature": sign(PATH, form)})


def fresh(session, delivery_id: int) -> Delivery:  # type: ignore[no-untyped-def]
    """The delivery as the database has it now."""
    session.expire_all()
    delivery = session.get(Delivery, delivery_id)
    assert delivery is not None
    return delivery


def history(session, delivery_id: int) -> list[DeliveryEvent]:  # type: ignore[no-untyped-def]
    """The delivery's event log, oldest first."""
    session.expire_all()
    query = select(DeliveryEvent).where(DeliveryEvent.delivery_id == delivery_id)
    return list(session.scalars(query.order_by(DeliveryEvent.id)))


def event_count(session) -> int:  # type: ignore[no-untyped-def]
    """Rows in the event log."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(DeliveryEvent))


def test_a_late_sent_does_not_undo_delivered(hook, session) -> None:
    delivery_id, sid = sent_delivery(session)
    for word in ("delivered", "sent"):
        response = callback(hook, sid, word)
        assert response.status_code == 200 and response.get_data() == b""
    assert fresh(session, delivery_id).status == DeliveryStatus.DELIVERED
    callbacks = [e.status for e in history(session, delivery_id)][len(BEFORE_CALLBACKS) :]
    assert callbacks == ["delivered", "sent"]


def test_replays_append_events_and_change_nothing_else(hook, session) -> None:
    delivery_id, sid = sent_delivery(session)
    for _ in range(2):
        assert callback(hook, sid, "delivered").status_code == 200
    for _ in range(2):
        assert callback(hook, sid, "failed", ErrorCode="30003").status_code == 200
    delivery = fresh(session, delivery_id)
    assert delivery.status == DeliveryStatus.FAILED and delivery.reason == REASONS[30003]
    statuses = [e.status for e in history(session, delivery_id)]
    assert statuses == [*BEFORE_CALLBACKS, "delivered", "delivered", "failed", "failed"]


def test_failed_after_sent_has_a_readable_reason_and_the_code(hook, session) -> None:
    delivery_id, sid = sent_delivery(session)
    callback(hook, sid, "failed", ErrorCode="21610", ErrorMessage="Attempt to send to unsubscribed")
    delivery = fresh(session, delivery_id)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.reason is not None and "descadastrado" in delivery.reason
    assert delivery.provider_code == "21610"
    last = history(session, delivery_id)[-1]
    assert (last.status, last.code) == ("failed", "21610")
    assert last.detail["ErrorCode"] == "21610" and last.detail["MessageStatus"] == "failed"


def test_the_event_detail_never_keeps_the_phone_number(hook, session) -> None:
    delivery_id, sid = sent_delivery(session)
    callback(hook, sid, "undelivered", ErrorCode="30007", ChannelStatusMessage=f"to {DEMO_PHONE}")
    detail = history(session, delivery_id)[-1].detail
    assert set(detail) <= {"MessageStatus", "ErrorCode", "ErrorMessage", "ChannelStatusMessage"}
    assert DEMO_PHONE not in str(detail) and DEMO_PHONE[3:] not in str(detail)
    delivery = fresh(session, delivery_id)
    assert delivery.status == DeliveryStatus.UNDELIVERED and delivery.reason == REASONS[30007]


def test_nothing_moves_a_delivery_out_of_failed(hook, session) -> None:
    delivery_id, sid = sent_delivery(session)
    callback(hook, sid, "failed", ErrorCode="30005")
    for word in ("delivered", "read", "undelivered", "sent"):
        assert callback(hook, sid, word, ErrorCode="30008").status_code == 200
    delivery = fresh(session, delivery_id)
    assert delivery.status == DeliveryStatus.FAILED
    assert (delivery.reason, delivery.provider_code) == (REASONS[30005], "30005")
    assert len(history(session, delivery_id)) == len(BEFORE_CALLBACKS) + 5


def test_read_after_delivered_is_read_and_failed_after_delivered_is_failed(hook, session) -> None:
    read_id, read_sid = sent_delivery(session)
    callback(hook, read_sid, "delivered")
    callback(hook, read_sid, "read")
    callback(hook, read_sid, "delivered")
    assert fresh(session, read_id).status == DeliveryStatus.READ
    failed_id, failed_sid = sent_delivery(session)
    callback(hook, failed_sid, "delivered")
    callback(hook, failed_sid, "undelivered", ErrorCode="30006")
    assert fresh(session, failed_id).status == DeliveryStatus.UNDELIVERED


def test_delivered_before_our_own_sent_commit_applies(hook, session) -> None:
    delivery_id, sid = sent_delivery(session, mark_sent=False)
    assert fresh(session, delivery_id).status == DeliveryStatus.SENDING
    callback(hook, sid, "delivered")
    assert fresh(session, delivery_id).status == DeliveryStatus.DELIVERED


@pytest.mark.parametrize("word", ["queued", "accepted", "scheduled", "sending", "receiving"])
def test_progress_and_unknown_words_are_only_logged(hook, session, word) -> None:
    delivery_id, sid = sent_delivery(session)
    assert callback(hook, sid, word).status_code == 200
    assert fresh(session, delivery_id).status == DeliveryStatus.SENT
    assert history(session, delivery_id)[-1].status == word


@pytest.mark.parametrize(
    ("code", "message", "reason"),
    [
        ("21211", "", REASONS[21211]),
        ("63016", "", REASONS[63016]),
        ("12345", "Mensagem recusada", "Mensagem recusada"),
        ("12345", "", "código 12345"),
    ],
)
def test_failure_reasons(session, code, message, reason) -> None:
    delivery_id, sid = sent_delivery(session)
    form = params(sid, "failed", ErrorCode=code, ErrorMessage=message)
    delivery = apply_callback(
        session, provider_id=sid, status="failed", error_code=code, detail=form
    )
    session.commit()
    assert delivery is not None and delivery.id == delivery_id
    assert (delivery.reason, delivery.provider_code) == (reason, code)


def test_an_unknown_sid_is_200_and_writes_nothing(hook, session) -> None:
    sent_delivery(session)
    before = event_count(session)
    response = callback(hook, "SM" + uuid.uuid4().hex, "delivered")
    assert response.status_code == 200
    assert event_count(session) == before


@pytest.mark.parametrize("missing", ["MessageSid", "MessageStatus"])
def test_a_callback_without_sid_or_status_is_400(hook, session, missing) -> None:
    _, sid = sent_delivery(session)
    form = params(sid, "delivered")
    del form[missing]
    response = hook.post(PATH, data=form, headers={"X-Twilio-Signature": sign(PATH, form)})
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"


@pytest.mark.parametrize("how", ["missing", "wrong", "tampered", "other token"])
def test_forged_callbacks_are_403_and_record_nothing(hook, session, how) -> None:
    delivery_id, sid = sent_delivery(session)
    before = event_count(session)
    form = params(sid, "delivered")
    headers = {
        "missing": {},
        "wrong": {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
        "tampered": {"X-Twilio-Signature": sign(PATH, {**form, "MessageStatus": "sent"})},
        "other token": {"X-Twilio-Signature": sign(PATH, form, token="someone-else")},
    }[how]
    response = hook.post(PATH, data=form, headers=headers)
    assert response.status_code == 403
    assert event_count(session) == before
    assert fresh(session, delivery_id).status == DeliveryStatus.SENT


def test_an_oversize_callback_is_413_and_records_nothing(hook, session) -> None:
    delivery_id, sid = sent_delivery(session)
    before = event_count(session)
    form = params(sid, "delivered", Padding="x" * 70_000)
    response = hook.post(PATH, data=form, headers={"X-Twilio-Signature": sign(PATH, form)})
    assert response.status_code == 413
    assert event_count(session) == before
    assert fresh(session, delivery_id).status == DeliveryStatus.SENT
