"""E-mail through an SMTP server named by SMTP_URL, with SMTP replies mapped to ChannelError."""

from __future__ import annotations

import html
import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

from billing.validation import mask_email
from channels.base import ChannelError, Document, SendResult
from config import Config

log = logging.getLogger(__name__)

DEFAULT_SUBJECT = "Sua fatura"
# Sent with header lines up to RFC 5322's 998 characters: folded at 78, a long link in
# List-Unsubscribe would become RFC 2047 encoded words, which no mail provider reads as one.
# Bodies are encoded (at 76 per line) when they are added, before this policy applies.
SEND_POLICY = policy.default.clone(max_line_length=998)
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to connect: host, port, implicit TLS, optional login."""

    host: str
    port: int
    tls: bool
    username: str | None = None
    password: str | None = None

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Parse `smtp://[user:pass@]host[:port]` or `smtps://…` (implicit TLS)."""
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ChannelError("SMTP_URL deve ser smtp://host:porta ou smtps://…", transient=False)
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError:
            raise ChannelError("SMTP_URL tem uma porta inválida", transient=False) from None
        user = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password is not None else None
        return cls(parts.hostname, port, parts.scheme == "smtps", user, password)


class SmtpChannel:
    """Sends plain e-mails and e-mails with the invoice PDF attached."""

    name = "smtp"

    def __init__(self, config: Config, *, timeout: float = 15.0) -> None:
        """Send through SMTP_URL as MAIL_FROM; each SMTP step gives up after `timeout` s."""
        if not config.smtp_url or not config.mail_from:
            raise ChannelError("SMTP_URL e MAIL_FROM precisam estar configurados", transient=False)
        self.server = SmtpServer.from_url(config.smtp_url)
        self.mail_from = config.mail_from
        self.timeout = timeout

    def send_text(self, destination: str, text: str, *, subject: str | None = None) -> SendResult:
        """Send a text/plain e-mail."""
        message = self._message(destination, subject)
        message.set_content(text)
        return self._deliver(message, destination)

    def send_document(
        self,
        destination: str,
        text: str,
        document: Document,
        *,
        subject: str | None = None,
        html: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SendResult:
        """Send text and HTML alternatives (`html`, or the text as paragraphs) with the PDF
        attached (multipart/mixed); `headers` adds fields such as List-Unsubscribe."""
        message = self._message(destination, subject, headers)
        message.set_content(text)
        message.add_alternative(html if html is not None else _html(text), subtype="html")
        message.add_attachment(
            document.content, maintype="application", subtype="pdf", filename=document.filename
        )
        return self._deliver(message, destination)

    def _message(
        self, destination: str, subject: str | None, headers: Mapping[str, str] | None = None
    ) -> EmailMessage:
        """Headers common to every e-mail, with a Message-ID that is also the provider id."""
        message = EmailMessage()
        try:
            message["From"] = self.mail_from
            message["To"] = destination
            message["Subject"] = subject or DEFAULT_SUBJECT
            for name, value in (headers or {}).items():
                message[name] = value
        except ValueError as exc:
            raise ChannelError(f"cabeçalho de e-mail inválido: {exc}", transient=False) from exc
        message["Date"] = formatdate(localtime=True)
        domain = parseaddr(self.mail_from)[1].rpartition("@")[2] or "localhost"
        message["Message-ID"] = make_msgid(domain=domain)
        return message

    def _deliver(self, message: EmailMessage, destination: str) -> SendResult:
        """Hand the message to the server: 4xx and network trouble are transient, 5xx not."""
        message.policy = SEND_POLICY
        try:
            with self._connect() as smtp:
                smtp.send_message(message, to_addrs=[destination])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _smtp_error(code, reply) from exc
        except smtplib.SMTPResponseException as exc:
            raise _smtp_error(exc.smtp_code, exc.smtp_error) from exc
        except smtplib.SMTPServerDisconnected as exc:
            raise ChannelError("o servidor SMTP encerrou a conexão") from exc
        except (smtplib.SMTPException, ValueError) as exc:
            raise ChannelError(f"SMTP: {exc}", transient=False) from exc
        except OSError as exc:  # timeouts, refused connections, TLS failures
            raise ChannelError(f"servidor SMTP inacessível ({type(exc).__name__})") from exc
        message_id = str(message["Message-ID"])
        log.info("e-mail %s accepted for %s", message_id, mask_email(destination))
        return SendResult(provider_id=message_id)

    def _connect(self) -> smtplib.SMTP:
        """An open session: implicit TLS for smtps, STARTTLS when offered and logging in."""
        server, context = self.server, ssl.create_default_context()
        if server.tls:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=self.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if server.username is not None:
                if not server.tls and smtp.has_extn("starttls"):
                    smtp.starttls(context=context)
                    smtp.ehlo()
                smtp.login(server.username, server.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp


def _smtp_error(code: int, reply: bytes | str) -> ChannelError:
    """A ChannelError for an SMTP reply: 4xx try again later, 5xx give up."""
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    transient = not 500 <= code < 600
    return ChannelError(f"SMTP {code}: {text}", code=str(code), transient=transient)


def _html(text: str) -> str:
    """The text as a small HTML document: escaped, paragraphs and line breaks kept."""
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return f'<!doctype html><html lang="pt-BR"><meta charset="utf-8"><body>{body}</body></html>'
