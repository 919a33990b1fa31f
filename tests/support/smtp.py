"""A real SMTP server in the test process (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope

PUBLIC = "https://fatura.distribuidora-demo.example"  # PUBLIC_BASE_URL of the mail tests
MAIL_FROM = "Fatura Digital <fatura@distribuidora-demo.example>"


class Recorder:
    """An aiosmtpd handler that keeps what it receives and can refuse on cue."""

    def __init__(self) -> None:
        """Accept everything until told otherwise."""
        self.envelopes: list[Envelope] = []
        self.rcpt_reply = "250 OK"
        self.data_reply = "250 Message accepted for delivery"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        """Accept or refuse the recipient."""
        if self.rcpt_reply.startswith("250"):
            envelope.rcpt_tos.append(address)
        return self.rcpt_reply

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        """Keep the message, or refuse it."""
        if self.data_reply.startswith("250"):
            self.envelopes.append(envelope)
        return self.data_reply

    def messages(self) -> list[EmailMessage]:
        """Every message received, parsed, oldest first."""
        return [parse(envelope) for envelope in self.envelopes]

    def last_message(self) -> EmailMessage:
        """The last message received, parsed."""
        return parse(self.envelopes[-1])


def parse(envelope: Envelope) -> EmailMessage:
    """An envelope's message as the recipient's mail client reads it."""
    content = envelope.content
    assert isinstance(content, bytes)
    return message_from_bytes(content, policy=policy.default)  # type: ignore[return-value]


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    """Accept only fatura / p@ss:word."""
    ok = data.login == b"fatura" and data.password == b"p@ss:word"
    return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server() -> Iterator[tuple[Recorder, int]]:
    """A running SMTP server on 127.0.0.1 that allows AUTH without TLS (tests only)."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


def received(recorder: Recorder, to: str) -> list[EmailMessage]:
    """The messages the server accepted for `to`, oldest first."""
    pairs = zip(recorder.messages(), recorder.envelopes, strict=True)
    return [message for message, envelope in pairs if to in envelope.rcpt_tos]


def parts(message: EmailMessage) -> tuple[str, str, bytes]:
    """(text, HTML, PDF) of an invoice e-mail, checking its MIME structure on the way."""
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, html = alternative.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert attachment.get_content_type() == "application/pdf"
    return plain.get_content(), html.get_content(), attachment.get_content()
