"""WhatsApp and SMS through Twilio's Messages API, with provider errors mapped to ChannelError."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.utils import get_environ_proxies
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from billing.validation import mask_phone
from channels.base import ChannelError, Document, SendResult
from config import Config
from models import DeliveryMedium, utcnow

log = logging.getLogger(__name__)

WHATSAPP_WINDOW = timedelta(hours=24)
TEMPLATE_REQUIRED = "63016"  # Twilio: outside the 24-hour WhatsApp window
REASONS = {
    21610: "destinatário descadastrado: respondeu STOP/SAIR e a Twilio bloqueia novos envios",
    21211: "número de destino inválido",
    21614: "o número de destino não é um celular (não recebe SMS)",
    63016: "fora da janela de 24 horas do WhatsApp: só um modelo aprovado pode ser enviado",
}

LastInbound = Callable[[str], datetime | None]
_clients = threading.local()  # make_client's clients of this thread


class BaseUrlHttpClient(TwilioHttpClient):
    """Sends every Twilio request to another base URL (staging mock, proxy), keeping the path."""

    def __init__(self, base_url: str, *, timeout: float) -> None:
        """Rewrite scheme and host to those of `base_url`; give up after `timeout` seconds.

        The proxies the environment names for that one host (HTTPS_PROXY, NO_PROXY) and its
        CA bundle (REQUESTS_CA_BUNDLE) are read here, once: requests would otherwise walk the
        whole environment twice per message (a third of a REST reply's CPU, profiled in a
        storm)."""
        super().__init__(timeout=timeout, proxy=get_environ_proxies(base_url) or None)
        if self.session is not None:
            self.session.trust_env = False
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            if bundle:  # what trust_env would have read per request
                self.session.verify = bundle
        self.base = urlsplit(base_url)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        """Send the request to the same path under the configured base URL."""
        parts = urlsplit(url)
        path = self.base.path.rstrip("/") + parts.path
        url = urlunsplit((self.base.scheme, self.base.netloc, path, parts.query, ""))
        return super().request(method, url, *args, **kwargs)


def make_client(config: Config, *, timeout: float = 10.0) -> Client:
    """A twilio-python client for the configured account and API base URL, one per thread
    and configuration: its HTTP session keeps the connection to Twilio open between
    messages (a TLS handshake per message otherwise, and a new session's set-up, which a
    storm's thousands of REST replies pay one by one)."""
    key = (config.twilio_account_sid, config.twilio_auth_token, config.twilio_api_base_url,
           timeout)  # fmt: skip
    clients: dict[tuple[Any, ...], Client] = _clients.__dict__.setdefault("by_key", {})
    if key not in clients:
        http_client = BaseUrlHttpClient(config.twilio_api_base_url, timeout=timeout)
        clients[key] = Client(
            config.twilio_account_sid, config.twilio_auth_token, http_client=http_client
        )
    return clients[key]


class TwilioChannel:
    """WhatsApp or SMS through Twilio; WhatsApp uses the template outside the 24-hour window."""

    def __init__(
        self,
        config: Config,
        medium: DeliveryMedium,
        last_inbound: LastInbound,
        *,
        client: Client | None = None,
        timeout: float = 10.0,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        """Send `medium` messages; `last_inbound(phone)` is that number's last WhatsApp message."""
        if medium is DeliveryMedium.EMAIL:
            raise ValueError("Twilio sends WhatsApp or SMS, not e-mail")
        self.config = config
        self.medium = medium
        self.whatsapp = medium is DeliveryMedium.WHATSAPP
        self.last_inbound = last_inbound
        self.client = client or make_client(config, timeout=timeout)
        self.now = now
        self.name = f"twilio-{medium.value}"
        self.seen: dict[str, datetime] = {}  # wrote_at: numbers known to have written

    def wrote_at(self, phone: str, at: datetime) -> None:
        """The caller knows `phone` wrote at `at` (the message being answered): the window
        is judged from it, sparing the look-up."""
        self.seen[phone] = at

    def send_text(self, destination: str, text: str, *, subject: str | None = None) -> SendResult:
        """Send a message (no subject on these media)."""
        return self._send(destination, text, None, template=False)

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
        """WhatsApp: the text with the document as media; SMS: the text (it carries the link).
        `subject`, `html` and `headers` are e-mail's: these media have none."""
        return self._send(destination, text, document, template=False)

    def send_template(
        self,
        destination: str,
        text: str,
        document: Document | None = None,
        *,
        handoff: bool = False,
    ) -> SendResult:
        """Send as the approved WhatsApp template, window or not: the retry after a 63016;
        `handoff`: the hand-off's template (TWILIO_WHATSAPP_HANDOFF_TEMPLATE_SID), not the
        invoice notice's."""
        return self._send(destination, text, document, template=True, handoff=handoff)

    def send_free_form(self, destination: str, text: str) -> SendResult:
        """Send a plain message free-form, never as a template: outside the WhatsApp window
        Twilio refuses it (63016), which the caller handles (a staff reply is then held)."""
        return self._send(destination, text, None, template=False, free_form=True)

    def send_content(
        self, destination: str, content_sid: str, variables: Mapping[str, str]
    ) -> SendResult:
        """Send a Content API template in session (a list picker, quick-reply buttons):
        outside the WhatsApp window Twilio refuses it, so it is not tried (63016)."""
        phone = destination.removeprefix("whatsapp:")
        if not self.whatsapp or not self.in_window(phone):
            raise ChannelError(REASONS[63016], code=TEMPLATE_REQUIRED, transient=False)
        content = {
            "content_sid": content_sid,
            "content_variables": json.dumps(dict(variables), ensure_ascii=False),
        }
        return self._send(destination, "", None, template=False, content=content)

    def in_window(self, phone: str) -> bool:
        """True while free-form WhatsApp messages may go to `phone` (24 h since its last one)."""
        return self._recent(self.seen.get(phone)) or self._recent(self.last_inbound(phone))

    def _recent(self, last: datetime | None) -> bool:
        """True when `last` is less than the WhatsApp window ago."""
        if last is None:
            return False
        if last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        return self.now() - last < WHATSAPP_WINDOW

    def _send(
        self,
        destination: str,
        text: str,
        document: Document | None,
        *,
        template: bool,
        handoff: bool = False,
        free_form: bool = False,
        content: dict[str, str] | None = None,
    ) -> SendResult:
        """Build the Messages API parameters for this medium and create the message."""
        phone = destination.removeprefix("whatsapp:")
        sender = self.config.twilio_whatsapp_from if self.whatsapp else self.config.twilio_sms_from
        if not sender:
            variable = "TWILIO_WHATSAPP_FROM" if self.whatsapp else "TWILIO_SMS_FROM"
            raise ChannelError(f"{variable} não está configurado", transient=False)
        params: dict[str, Any] = {
            "to": f"whatsapp:{phone}" if self.whatsapp else phone,
            "from_": f"whatsapp:{sender.removeprefix('whatsapp:')}" if self.whatsapp else sender,
            "status_callback": f"{self.config.public_base_url}/webhooks/twilio/status",
        }
        if content is not None:
            params.update(content)
        elif self.whatsapp and (template or not (free_form or self.in_window(phone))):
            params.update(self._template(text, document, handoff=handoff))
        else:
            params["body"] = text
            if self.whatsapp and document is not None and document.media_url:
                params["media_url"] = [document.media_url]
        try:
            message = self.client.messages.create(**params)
        except TwilioException as exc:
            raise _channel_error(exc) from exc
        except requests.RequestException as exc:
            raise ChannelError(f"Twilio inacessível ({type(exc).__name__})") from exc
        log.info("%s message %s queued for %s", self.name, message.sid, mask_phone(phone))
        return SendResult(provider_id=str(message.sid))

    def _template(
        self, text: str, document: Document | None, *, handoff: bool = False
    ) -> dict[str, str]:
        """ContentSid and variables: {{1}} the text on one line, {{2}} the document link."""
        variable = (
            "TWILIO_WHATSAPP_HANDOFF_TEMPLATE_SID" if handoff else "TWILIO_WHATSAPP_TEMPLATE_SID"
        )
        sid = getattr(self.config, variable.lower())
        if not sid:
            raise ChannelError(
                "fora da janela de 24 horas do WhatsApp e nenhum modelo aprovado configurado "
                f"({variable})",
                code=TEMPLATE_REQUIRED,
                transient=False,
            )
        variables = {"1": " ".join(text.split())}
        if document is not None and document.media_url:
            variables["2"] = document.media_url
        return {"content_sid": sid, "content_variables": json.dumps(variables, ensure_ascii=False)}


def _channel_error(exc: TwilioException) -> ChannelError:
    """Rate limits and server errors are transient; other refusals are permanent."""
    if not isinstance(exc, TwilioRestException | TwilioServiceException):
        return ChannelError(f"Twilio: {exc}", transient=False)
    status, code = int(exc.status), exc.code
    detail = exc.msg if isinstance(exc, TwilioRestException) else exc.detail or exc.title
    key = str(code or status)
    if status == 429 or status >= 500:
        return ChannelError(f"Twilio indisponível (HTTP {status}): {detail}", code=key)
    reason = REASONS.get(int(code)) if str(code).isdigit() else None
    return ChannelError(reason or f"Twilio recusou a mensagem: {detail}", code=key, transient=False)
