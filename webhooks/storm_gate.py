"""Above capacity, a Twilio message is deferred before Flask sees it.

While the web is behind (services.chat.deferral.overloaded: FATURA_DEFER_BACKLOG
connections waiting), each webhook it answers costs CPU that the connections behind it
wait for. Deferring one needs only the signature, one INSERT and empty TwiML; Flask's
request and application contexts, werkzeug's form parsing and the route's other work were
most of that cost. This WSGI middleware does just those three steps, and hands anything
else to the app, unchanged: another path, a quiet server, no auth token (development),
a body too big or not a form, a signature that does not match, a missing MessageSid or
From, a photo or location (read at once), or any error. The app then answers as it always
does (403, 413, 400 …), so the refusals keep one implementation and one set of tests.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from admin.security import HEADERS
from models import utcnow
from services.chat import deferral
from services.chat.inbound_media import attachment_of
from services.core.runtime import Runtime
from webhooks.twilio import (
    EMPTY_TWIML,
    MAX_WEBHOOK_BYTES,
    SIMULATED_BY,
    message_of,
    signed,
    well_formed,
)
from workers.jobs import ask_for_decisions

log = logging.getLogger(__name__)
PATHS = {"/webhooks/twilio/whatsapp": "whatsapp", "/webhooks/twilio/sms": "sms"}
FORM = "application/x-www-form-urlencoded"
MAX_FIELDS = 100  # Twilio sends about 20; more is not Twilio
EMPTY = EMPTY_TWIML.encode()
_ANSWER = [
    ("Content-Type", "text/xml; charset=utf-8"),
    ("Content-Length", str(len(EMPTY))),
    *((name, value) for name, value in HEADERS.items() if name != "Content-Security-Policy"),
]
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class StormGate:
    """Defer a signed inbound message while the web is behind; pass everything else on."""

    def __init__(self, app: WsgiApp, runtime: Runtime) -> None:
        """Wrap `app`, reading the runtime's config at each request (tests replace it)."""
        self.app = app
        self.runtime = runtime

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Empty TwiML for a message deferred here; the app's answer otherwise."""
        channel = PATHS.get(environ.get("PATH_INFO", ""))
        if channel is not None and environ.get("REQUEST_METHOD") == "POST" and self._behind():
            try:
                deferred = self._defer(environ, channel)
            except Exception:  # the app answers it (and fails the same way, if it must)
                log.exception("storm gate: message left to the app")
                deferred = False
            if deferred:
                start_response("200 OK", list(_ANSWER))
                return [EMPTY]
        return self.app(environ, start_response)

    def _behind(self) -> bool:
        """True while signed messages are to be deferred here."""
        config = self.runtime.config
        return bool(config.twilio_auth_token) and deferral.overloaded(
            config.defer_backlog, self.runtime.queue
        )

    def _defer(self, environ: dict[str, Any], channel: str) -> bool:
        """Record the message undecided and ask for its decision; False (the body put back
        for the app) when it is not a plain, well-formed, signed text message."""
        fields = _form(environ)
        if fields is None:
            return False
        config = self.runtime.config
        url = config.public_base_url + environ["PATH_INFO"]
        signature = environ.get("HTTP_X_TWILIO_SIGNATURE", "")
        query = environ.get("QUERY_STRING", "")
        if not signed(config.twilio_auth_token, url, query, fields.items(), signature):
            return False
        if not well_formed(fields) or attachment_of(fields) is not None:
            return False
        request = message_of(channel, fields, environ.get(SIMULATED_BY))
        outcome = deferral.record(self.runtime.db.engine, request, utcnow())
        if outcome.deferred_id is not None:
            ask_for_decisions(self.runtime.queue, request.phone)
        return True


def _form(environ: dict[str, Any]) -> dict[str, str] | None:
    """The form's fields, the first value of each (as the app reads them), after putting
    the body back for the app; None when the body is not a small URL-encoded form."""
    length = environ.get("CONTENT_LENGTH") or ""
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if not length.isdigit() or not 0 < int(length) <= MAX_WEBHOOK_BYTES or content_type != FORM:
        return None
    body = environ["wsgi.input"].read(int(length))
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True,
                          max_num_fields=MAX_FIELDS)  # fmt: skip
    except ValueError:
        return None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields
