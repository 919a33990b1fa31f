"""Twilio webhooks: inbound WhatsApp and SMS messages, verified, deduplicated, answered once.

Every request must carry a valid `X-Twilio-Signature` over PUBLIC_BASE_URL + path (fail
closed: 403 and nothing recorded). Plain replies go back as TwiML; documents go through
delivery rows and jobs, enqueued only after the transaction commits.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from flask import Blueprint, Response, request
from twilio.request_validator import RequestValidator

from api.errors import json_error
from billing.validation import InvalidValue, normalise_phone
from models import utcnow
from services.chat import deferral
from services.chat.conversations import InboundRequest, Outcome, handle_inbound
from services.chat.inbound_media import attachment_of
from services.core.runtime import current, db_session
from workers.jobs import (
    ask_for_decisions,
    enqueue_deliveries,
    enqueue_handoff_messages,
    enqueue_photo_reads,
    enqueue_reply_sends,
)

log = logging.getLogger(__name__)
bp = Blueprint("twilio", __name__, url_prefix="/webhooks/twilio")
MAX_WEBHOOK_BYTES = 64 * 1024
MAX_TAP = 200  # Twilio's limit for a list item's id
# Set in the WSGI environ by the chat simulator (simulator/views.py) to the staff login that
# typed the message. A client cannot set an environ key that is not an HTTP_* header.
SIMULATED_BY = "fatura.simulated_by"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
EMPTY_TWIML = XML_HEAD + "<Response />"  # no reply: what a deferred message is answered


def signature_ok() -> bool:
    """True when the request is signed with our auth token (or may be unsigned in dev)."""
    config = current().config
    if not config.twilio_auth_token:
        return config.webhooks_unsigned_ok
    query = request.query_string.decode("latin-1")
    signature = request.headers.get("X-Twilio-Signature", "")
    return signed(config.twilio_auth_token, config.public_base_url + request.path, query,
                  request.form.items(), signature)  # fmt: skip


def signed(
    token: str, url: str, query: str, fields: Iterable[tuple[str, str]], signature: str
) -> bool:
    """True when `signature` is Twilio's over our URL (public base and path), the query
    exactly as received and the form's fields (the first value of each)."""
    if not signature:
        return False
    # The URL Twilio signed: our public base, the path and the query exactly as received
    # (request.full_path would decode and re-encode it: a tenth of the webhook's CPU).
    url += f"?{query}" if query else ""
    validator, params = _validator(token), _Params(fields)
    # The signature over that exact URL first: one HMAC. `validate` tries the URL with and
    # without its port (two HMACs, every time), for a base URL written with the other form.
    expected = validator.compute_signature(url, params).encode()
    if hmac.compare_digest(expected, signature.encode("utf-8", "replace")):
        return True
    return validator.validate(url, params, signature)


class _Params(dict[str, str]):
    """The form's fields (the first value of each) in the shape RequestValidator reads
    first (`getall`): handed a plain dict, it raises and catches two AttributeErrors per
    field before reading it."""

    def getall(self, name: str) -> list[str]:
        """The field's values, as RequestValidator asks for them."""
        return [self[name]]


@lru_cache(maxsize=4)
def _validator(token: str) -> RequestValidator:
    """One validator per auth token (it keeps the token encoded)."""
    return RequestValidator(token)


def guard() -> Any:
    """A response refusing the request (too big, unsigned, forged), or None to go on."""
    if (request.content_length or 0) > MAX_WEBHOOK_BYTES:
        return json_error(413, "too_large", "corpo da requisição grande demais")
    if not signature_ok():
        log.warning("webhook %s refused: bad or missing signature", request.path)
        return json_error(403, "forbidden", "assinatura Twilio ausente ou inválida")
    return None


def twiml(replies: list[str]) -> Response:
    """The replies as TwiML <Message> elements (empty TwiML for none), written exactly as
    twilio's MessagingResponse writes them, without building an element tree per request."""
    messages = "".join(f"<Message>{escape(t)}</Message>" if t else "<Message />" for t in replies)
    body = f"<Response>{messages}</Response>" if messages else "<Response />"
    return Response(XML_HEAD + body, mimetype="text/xml")


@lru_cache(maxsize=4096)
def sender_of(raw: str) -> str:
    """The sender in E.164 (`whatsapp:` prefix removed); kept as given when not a number.

    Memoised: the same few numbers write again and again, and parsing one costs more than
    the rest of reading the request."""
    number = raw.removeprefix("whatsapp:").strip()
    try:
        return normalise_phone(number)
    except InvalidValue:
        return number[:16]


def _tap(form: Any) -> str:
    """The id of a tapped list item (`ListId`) or quick-reply button (`ButtonPayload`), as
    Twilio's WhatsApp webhook sends them; "" for a typed message."""
    return (form.get("ListId") or form.get("ButtonPayload") or "")[:MAX_TAP]


def _lists_drawn() -> bool:
    """WhatsApp lists and buttons go out (through REST) only with Twilio configured, not to
    the simulator (it draws them from the recorded replies), and not while the server is
    behind (deferral.lists_affordable)."""
    config = current().config
    return (
        config.twilio_rest_ready
        and request.environ.get(SIMULATED_BY) is None
        and deferral.lists_affordable(config.defer_backlog)
    )


def well_formed(form: Mapping[str, str]) -> bool:
    """True when the form names the message and its sender (a provider id Twilio's size)."""
    message_id = form.get("MessageSid", "")
    return bool(message_id and form.get("From", "")) and len(message_id) <= 64


def message_of(
    channel: str, form: Mapping[str, str], simulated_by: str | None, **more: Any
) -> InboundRequest:
    """The inbound message a well-formed form carries (`more`: attachment, tap, rich)."""
    media = form.get("NumMedia", "0")
    return InboundRequest(
        channel=channel,
        message_id=form.get("MessageSid", ""),
        phone=sender_of(form.get("From", "")),
        to=form.get("To", "")[:40],
        body=form.get("Body", ""),
        num_media=int(media) if media.isdigit() else 0,
        simulated_by=simulated_by,
        **more,
    )


def _inbound(channel: str) -> Any:
    """Verify, parse, handle, enqueue, answer."""
    refused = guard()
    if refused is not None:
        return refused
    form = request.form
    if not well_formed(form):
        return json_error(400, "bad_request", "MessageSid e From são obrigatórios")
    parsed = message_of(
        channel,
        form,
        request.environ.get(SIMULATED_BY),
        attachment=attachment_of(form),
        tap=_tap(form),
        rich=_lists_drawn(),
    )
    outcome = _handle(parsed)
    enqueue_deliveries(current().queue, outcome.delivery_ids)
    enqueue_handoff_messages(current().queue, outcome.staff_message_ids)
    enqueue_photo_reads(current().queue, outcome.photo_ids)
    if outcome.rest_reply_id is not None:
        enqueue_reply_sends(current().queue, [outcome.rest_reply_id])
    if outcome.deferred_id is not None:
        ask_for_decisions(current().queue, parsed.phone)
    return twiml(outcome.replies)


def _handle(parsed: InboundRequest) -> Outcome:
    """Answer now, or, when the server is behind (or the number's earlier messages wait for a
    decision), commit the message undecided for a worker to answer through the REST API
    (services/chat/deferral.py); a medium is always read now."""
    session, now = db_session(), utcnow()
    if parsed.attachment is None and deferral.overloaded(
        current().config.defer_backlog, current().queue
    ):
        return deferral.defer(session, parsed, now)
    outcome = handle_inbound(session, parsed, now)
    return deferral.defer(session, parsed, now) if outcome.defer else outcome


@bp.post("/whatsapp")
def whatsapp() -> Any:
    """Inbound WhatsApp message (only answered while the Channel product is enabled)."""
    return _inbound("whatsapp")


@bp.post("/sms")
def sms() -> Any:
    """Inbound SMS."""
    return _inbound("sms")
