"""The SMTP adapter against a real in-process SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from channels.base import ChannelError, Document
from channels.registry import channel_for
from channels.smtp import SmtpChannel, SmtpServer
from config import Config
from models import Database, DeliveryMedium
from tests.support.smtp import Recorder, free_port, smtp_server

PDF = Document("Fatura 131030 - 10/2026.pdf", b"%PDF-1.7\n\x00\xff binary", None)
TO = "maria@example.com"


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, int]]:
    """A running SMTP server on 127.0.0.1 that allows AUTH without TLS (tests only)."""
    with smtp_server() as running:
        yield running


def config(port: int, userinfo: str = "") -> Config:
    """SMTP configured against the local server."""
    return Config(
        app_env="test",
        smtp_url=f"smtp://{userinfo}127.0.0.1:{port}",
        mail_from="Fatura Digital <fatura@distribuidora.example>",
    )


def test_document_email_is_mixed_alternative_plus_pdf(smtp: tuple[Recorder, int]) -> None:
    recorder, port = smtp
    text = "Olá, Maria!\n\nSua fatura <outubro> & boleto.\nValor: R$ 245,50"
    result = SmtpChannel(config(port), timeout=5).send_document(TO, text, PDF, subject="Fatura")
    assert recorder.envelopes[-1].rcpt_tos == [TO]
    message = recorder.last_message()
    assert message["Message-ID"] == result.provider_id
    assert result.provider_id.endswith("@distribuidora.example>")
    assert message["Subject"] == "Fatura" and message["To"] == TO
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, html = alternative.iter_parts()
    assert (
        plain.get_content_type() == "text/plain"
        and plain.get_content().replace("\r\n", "\n").rstrip() == text
    )
    assert html.get_content_type() == "text/html"
    assert "&lt;outubro&gt; &amp; boleto.<br>Valor" in html.get_content()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == PDF.filename
    assert attachment.get_content() == PDF.content


def test_text_email_is_plain_with_default_subject(
    smtp: tuple[Recorder, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="channels")
    recorder, port = smtp
    result = SmtpChannel(config(port), timeout=5).send_text(TO, "Linha digitável: 8368...")
    message = recorder.last_message()
    assert message.get_content_type() == "text/plain" and message["Subject"] == "Sua fatura"
    assert message["Message-ID"] == result.provider_id
    assert message.get_content().rstrip() == "Linha digitável: 8368..."
    assert "accepted for m***@example.com" in caplog.text and TO not in caplog.text


def test_login_with_percent_encoded_credentials(smtp: tuple[Recorder, int]) -> None:
    recorder, port = smtp
    SmtpChannel(config(port, "fatura:p%40ss%3Aword@"), timeout=5).send_text(TO, "oi")
    assert len(recorder.envelopes) == 1
    with pytest.raises(ChannelError) as caught:
        SmtpChannel(config(port, "fatura:wrong@"), timeout=5).send_text(TO, "oi")
    assert caught.value.code == "535" and not caught.value.transient


def test_451_is_transient(smtp: tuple[Recorder, int]) -> None:
    recorder, port = smtp
    recorder.data_reply = "451 4.3.0 Try again later"
    with pytest.raises(ChannelError) as caught:
        SmtpChannel(config(port), timeout=5).send_document(TO, "x", PDF)
    assert caught.value.transient and caught.value.code == "451"


def test_550_recipient_refused_is_permanent(smtp: tuple[Recorder, int]) -> None:
    recorder, port = smtp
    recorder.rcpt_reply = "550 5.1.1 Mailbox unavailable"
    with pytest.raises(ChannelError) as caught:
        SmtpChannel(config(port), timeout=5).send_text(TO, "x")
    assert not caught.value.transient and caught.value.code == "550"
    assert "Mailbox unavailable" in str(caught.value)


def test_refused_connection_and_silent_server_are_transient() -> None:
    with pytest.raises(ChannelError) as caught:
        SmtpChannel(config(free_port()), timeout=1).send_text(TO, "x")
    assert caught.value.transient
    with socket.socket() as silent:  # accepts connections (backlog) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        with pytest.raises(ChannelError) as caught:
            SmtpChannel(config(silent.getsockname()[1]), timeout=0.3).send_text(TO, "x")
    assert caught.value.transient


def test_smtp_urls() -> None:
    assert SmtpServer.from_url("smtp://relay") == SmtpServer("relay", 25, False)
    assert SmtpServer.from_url("smtps://u:p%2F@mail.example:2465") == SmtpServer(
        "mail.example", 2465, True, "u", "p/"
    )
    assert SmtpServer.from_url("smtps://mail.example").port == 465
    for bad in ("http://mail.example", "smtp://", "smtp://host:99999"):
        with pytest.raises(ChannelError):
            SmtpServer.from_url(bad)


def test_registry_picks_smtp_when_configured(db: Database) -> None:
    assert isinstance(channel_for(DeliveryMedium.EMAIL, config(2525), db), SmtpChannel)
    assert channel_for(DeliveryMedium.EMAIL, Config(app_env="test"), db).name == "outbox-email"
