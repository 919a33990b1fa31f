"""The Twilio adapter against a local HTTP stand-in for the Messages API (twilio-python is real)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from channels.base import ChannelError, Document
from channels.registry import channel_for, last_whatsapp_inbound
from channels.twilio_messaging import TwilioChannel
from config import Config
from models import Conversation, Database, DeliveryMedium
from tests.support.fake_twilio import FakeTwilio

SID = "AC" + "0" * 32
NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
PHONE = "+5531999990000"
PDF = Document("fatura-2026-10.pdf", b"%PDF-1.7 fake", "https://fatura.example.com/media/tok")


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    """A running fake Twilio API."""
    server = FakeTwilio().start()
    yield server
    server.stop()


@pytest.fixture
def config(fake: FakeTwilio) -> Config:
    """Twilio configured against the fake."""
    return Config(
        app_env="test",
        public_base_url="https://fatura.example.com",
        twilio_account_sid=SID,
        twilio_auth_token="secret-token",
        twilio_api_base_url=fake.url,
        twilio_whatsapp_from="whatsapp:+5531300000000",
        twilio_sms_from="+5531300000000",
        twilio_whatsapp_template_sid="HX" + "1" * 32,
    )


def channel(config: Config, medium: DeliveryMedium, last: datetime | None = None) -> TwilioChannel:
    """An adapter whose number last wrote at `last`, with the clock fixed at NOW."""
    return TwilioChannel(config, medium, lambda phone: last, timeout=0.5, now=lambda: NOW)


def test_sms_sends_body_from_to_and_status_callback(
    fake: FakeTwilio, config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="channels")
    result = channel(config, DeliveryMedium.SMS).send_text(PHONE, "Sua fatura: https://x.co/a")
    sent = fake.last
    assert sent.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert sent.auth == (SID, "secret-token")
    assert sent["To"] == PHONE and sent["From"] == "+5531300000000"
    assert sent["Body"] == "Sua fatura: https://x.co/a"
    assert sent["StatusCallback"] == "https://fatura.example.com/webhooks/twilio/status"
    assert result.provider_id.startswith("SM") and len(result.provider_id) == 34
    assert result.provider_id in caplog.text and PHONE not in caplog.text


def test_sms_document_sends_only_the_text(fake: FakeTwilio, config: Config) -> None:
    sms = channel(config, DeliveryMedium.SMS)
    sms.send_document(PHONE, "2ª via: https://x.co/b", PDF)
    assert fake.last["Body"] == "2ª via: https://x.co/b" and "MediaUrl" not in fake.last.form


def test_whatsapp_document_inside_the_window(fake: FakeTwilio, config: Config) -> None:
    whatsapp = channel(config, DeliveryMedium.WHATSAPP, NOW - timedelta(hours=23))
    whatsapp.send_document(PHONE, "Segue sua fatura", PDF)
    sent = fake.last
    assert sent["To"] == f"whatsapp:{PHONE}" and sent["From"] == "whatsapp:+5531300000000"
    assert sent.form["MediaUrl"] == [PDF.media_url] and sent["Body"] == "Segue sua fatura"
    assert "ContentSid" not in sent.form
    assert sent["StatusCallback"].endswith("/webhooks/twilio/status")


@pytest.mark.parametrize("last", [None, NOW - timedelta(hours=24, seconds=1)])
def test_whatsapp_outside_the_window_uses_the_template(
    fake: FakeTwilio, config: Config, last: datetime | None
) -> None:
    channel(config, DeliveryMedium.WHATSAPP, last).send_document(PHONE, "Fatura\nde outubro", PDF)
    sent = fake.last
    assert sent["ContentSid"] == config.twilio_whatsapp_template_sid
    assert json.loads(sent["ContentVariables"]) == {"1": "Fatura de outubro", "2": PDF.media_url}
    assert "Body" not in sent.form and sent["To"] == f"whatsapp:{PHONE}"


def test_send_template_forces_the_template_inside_the_window(
    fake: FakeTwilio, config: Config
) -> None:
    whatsapp = channel(config, DeliveryMedium.WHATSAPP, NOW)
    whatsapp.send_text(PHONE, "oi")
    assert "Body" in fake.last.form
    whatsapp.send_template(PHONE, "Sua fatura chegou")
    assert json.loads(fake.last["ContentVariables"]) == {"1": "Sua fatura chegou"}


def test_no_template_outside_the_window_is_63016(fake: FakeTwilio, config: Config) -> None:
    bare = replace(config, twilio_whatsapp_template_sid=None)
    with pytest.raises(ChannelError) as caught:
        channel(bare, DeliveryMedium.WHATSAPP, None).send_text(PHONE, "Sua fatura")
    assert caught.value.code == "63016" and not caught.value.transient
    assert "24" in str(caught.value) and fake.requests == []


@pytest.mark.parametrize(("status", "code"), [(429, 20429), (500, None), (503, None)])
def test_rate_limits_and_server_errors_are_transient(
    fake: FakeTwilio, config: Config, status: int, code: int | None
) -> None:
    fake.fail_next(status, code, "try later")
    with pytest.raises(ChannelError) as caught:
        channel(config, DeliveryMedium.SMS).send_text(PHONE, "x")
    assert caught.value.transient and caught.value.code == str(code or status)


@pytest.mark.parametrize(
    ("code", "words"),
    [(21610, "descadastrado"), (21211, "inválido"), (21614, "celular"), (63016, "24 horas")],
)
def test_refusals_are_permanent_with_the_code(
    fake: FakeTwilio, config: Config, code: int, words: str
) -> None:
    fake.fail_next(400, code, f"Twilio error {code}")
    with pytest.raises(ChannelError) as caught:
        channel(config, DeliveryMedium.WHATSAPP, NOW).send_text(PHONE, "x")
    assert not caught.value.transient and caught.value.code == str(code)
    assert words in str(caught.value)


def test_other_4xx_is_permanent_with_twilios_message(fake: FakeTwilio, config: Config) -> None:
    fake.fail_next(400, 21602, "Message body is required.")
    with pytest.raises(ChannelError) as caught:
        channel(config, DeliveryMedium.SMS).send_text(PHONE, "")
    assert not caught.value.transient and caught.value.code == "21602"
    assert "Message body is required." in str(caught.value)


def test_a_timeout_is_transient(fake: FakeTwilio, config: Config) -> None:
    fake.stall_next()
    with pytest.raises(ChannelError) as caught:
        channel(config, DeliveryMedium.SMS).send_text(PHONE, "x")
    assert caught.value.transient


def test_an_unreachable_api_is_transient(config: Config) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = replace(config, twilio_api_base_url=f"http://127.0.0.1:{port}")
    with pytest.raises(ChannelError) as caught:
        channel(closed, DeliveryMedium.SMS).send_text(PHONE, "x")
    assert caught.value.transient


def test_registry_picks_twilio_and_reads_the_window_from_conversations(
    db: Database, fake: FakeTwilio, config: Config
) -> None:
    with db.session() as session:
        session.add(Conversation(channel="whatsapp", phone=PHONE, data={}, last_inbound_at=NOW))
        session.add(Conversation(channel="sms", phone="+5531988887777", data={}))
        session.commit()
    last = last_whatsapp_inbound(db)
    assert last(PHONE) == NOW and last("+5531988887777") is None
    adapter = channel_for(DeliveryMedium.WHATSAPP, config, db)
    assert isinstance(adapter, TwilioChannel) and adapter.name == "twilio-whatsapp"
    assert isinstance(channel_for(DeliveryMedium.SMS, config, db), TwilioChannel)
