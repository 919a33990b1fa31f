"""The chat simulator: a person chats as a WhatsApp or SMS user through the real webhook.

Each message is signed like Twilio signs it (when an auth token is configured) and goes
through the same `/webhooks/twilio/<channel>` path, TwiML and all; documents appear from
the outbox channel; a photo goes through simulator/photos.py. Open only on the embedded
default (`Config.simulator_open`); otherwise behind staff login, and then it refuses numbers
that are a consumer's or have written to us for real. Every message it sends is marked as
simulated (the staff login, or `anonimo` when open and nobody is logged in) on the inbound
row and in the audit log.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from flask import Blueprint, current_app, jsonify, render_template, request, send_file
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from admin.security import current_staff, staff_gate
from billing.validation import InvalidValue, mask_phone, normalise_phone
from models import AuditLog, InboundMessage, OutboxMessage
from services.chat import simulator_numbers, simulator_photos
from services.core.reply_entries import choice_of
from services.core.runtime import current, db_session
from services.erp.demo import DEMO_PHONE
from webhooks.twilio import SIMULATED_BY

log = logging.getLogger(__name__)
bp = Blueprint("simulator", __name__, url_prefix="/simulator")
STATIC = Path(__file__).resolve().parent.parent / "static" / "simulator"
CHANNELS = ("whatsapp", "sms")
FORM_OVERHEAD = 64 * 1024  # a photo's request: the multipart boundaries and other fields
ANONYMOUS = "anonimo"  # who an open simulator's messages are marked with, nobody logged in
TAKEN = (
    "Este número é de um consumidor cadastrado ou já conversou conosco de verdade; "
    "o simulador só pode usar números que não sejam de ninguém."
)


@bp.before_request
def allow_photo_size() -> None:
    """A photo's request may be as large as a photo may be (the app allows 1 MB); first, as
    the gate's CSRF check reads the form."""
    if request.endpoint == "simulator.photo":
        request.max_content_length = simulator_photos.MAX_BYTES + FORM_OVERHEAD


@bp.before_request
def gate() -> Any:
    """Open only on the embedded default; otherwise staff login (and CSRF on writes)."""
    return None if current().config.simulator_open else staff_gate()


def sender_login() -> str:
    """The login every simulated message is marked with (`anonimo` when open and logged out)."""
    user = current_staff()
    return user.login if user is not None else ANONYMOUS


def _taken(phone: str) -> bool:
    """True when this deployment must not let the simulator write as (or read) `phone`."""
    if current().config.simulator_open:
        return False
    return simulator_numbers.taken(db_session(), phone)


class Refused(Exception):
    """A request the simulator answers with a JSON error instead of posting a message."""

    def __init__(self, status: int, error: str, message: str) -> None:
        """The HTTP status, the error code and the pt-BR message the page shows."""
        super().__init__(error)
        self.status, self.error, self.message = status, error, message


@bp.errorhandler(Refused)
def refused(exc: Refused) -> Any:
    """The JSON answer of a refused request."""
    return jsonify({"error": exc.error, "message": exc.message}), exc.status


def target(values: Mapping[str, Any]) -> tuple[str, str]:
    """The channel and the (normalised) number to write as; Refused when either is bad or
    the number belongs to someone."""
    channel = values.get("channel")
    if channel not in CHANNELS:
        raise Refused(400, "bad_channel", "canal deve ser whatsapp ou sms")
    try:
        phone = normalise_phone(str(values.get("phone", "")))
    except InvalidValue as exc:
        raise Refused(400, "bad_phone", str(exc)) from exc
    if _taken(phone):
        raise Refused(403, "number_taken", TAKEN)
    return str(channel), phone


@bp.get("")
@bp.get("/")
def page() -> Any:
    """The chat page; the demo consumer's number is offered only while the simulator is open."""
    phone = DEMO_PHONE if current().config.simulator_open else ""
    return render_template("simulator/index.html", phone=phone)


@bp.get("/simulator.css")
def stylesheet() -> Any:
    """The page's styles, as a file so a strict CSP can forbid inline styles."""
    return send_file(STATIC / "simulator.css", mimetype="text/css", max_age=0)


@bp.get("/app.js")
def script() -> Any:
    """The page's script, served as a file so a strict CSP can forbid inline scripts."""
    return send_file(STATIC / "app.js", mimetype="text/javascript", max_age=0)


def _signed_post(path: str, params: dict[str, str], sender: str) -> Any:
    """POST the form to our own webhook through the WSGI stack, signed as Twilio signs and
    marked (in the WSGI environ, which no client can set) as typed by `sender`."""
    config = current().config
    headers = {}
    if config.twilio_auth_token:
        validator = RequestValidator(config.twilio_auth_token)
        headers["X-Twilio-Signature"] = validator.compute_signature(
            config.public_base_url + path, params
        )
    client = current_app.test_client()
    return client.post(path, data=params, headers=headers, environ_overrides={SIMULATED_BY: sender})


def _messages(twiml: str) -> list[str]:
    """The <Message> texts of a TwiML answer."""
    if not twiml.strip():
        return []
    root = ElementTree.fromstring(twiml)  # noqa: S314  (our own webhook's TwiML, not input)
    return [m.text or "" for m in root.iter("Message")]


@bp.post("/send")
def send() -> Any:
    """Send one message as the chosen user; answer with the bot's replies."""
    body = request.get_json(silent=True) or {}
    channel, phone = target(body)
    text = str(body.get("text", ""))[:2000]
    return post_message(channel, phone, text, _extras(body, channel))


def post_message(channel: str, phone: str, text: str, extras: dict[str, str]) -> Any:
    """Post one message as `phone` to the real webhook, audited; the bot's replies (and the
    options of each) as JSON, or a 502 when the webhook failed."""
    prefix = "whatsapp:" if channel == "whatsapp" else ""
    params = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": "ACsimulator",
        "From": prefix + phone,
        "To": prefix + "+5531300000000",
        "Body": text,
        "NumMedia": "0",
        **extras,
    }
    sender = sender_login()
    response = _signed_post(f"/webhooks/twilio/{channel}", params, sender)
    _audit(sender, channel, phone, params["MessageSid"], response.status_code)
    if response.status_code != 200:
        return jsonify({"error": "webhook", "status": response.status_code}), 502
    texts = _messages(response.get_data(as_text=True))
    return jsonify({"replies": texts, "choices": _choices(params["MessageSid"], len(texts))})


def _extras(body: dict[str, Any], channel: str) -> dict[str, str]:
    """A tap on a drawn list item or button (WhatsApp), or a voice note, as Twilio posts
    them: ListId / ButtonPayload, or an audio medium (never fetched: voice notes are only
    answered)."""
    tap = str(body.get("tap", ""))[:200]
    if tap and channel == "whatsapp":
        return {"ListId": tap} if body.get("list") else {"ButtonPayload": tap}
    if body.get("voice"):
        return {
            "NumMedia": "1",
            "MediaContentType0": "audio/ogg",
            "MediaUrl0": f"{current().config.twilio_api_base_url}/simulador/MEvoz",
        }
    return {}


def _choices(message_sid: str, count: int) -> list[Any]:
    """The options of each reply of that message (None for a plain one), for the page to
    draw as WhatsApp would."""
    query = select(InboundMessage.replies).where(InboundMessage.provider_message_id == message_sid)
    entries = list(db_session().scalar(query) or [])
    choices = [choice_of(e) for e in entries]
    return choices[:count] if len(choices) >= count else [None] * count


def _audit(sender: str, channel: str, phone: str, sid: str, status: int) -> None:
    """One audit row per simulated message: who typed it, where, as which (masked) number."""
    detail = {"channel": channel, "phone": mask_phone(phone), "status": status}
    session = db_session()
    session.add(
        AuditLog(
            actor=sender,
            action="simulator.send",
            entity="inbound_message",
            entity_id=sid,
            detail=detail,
        )
    )
    session.commit()
    log.info("simulated %s message by %s (status %s)", channel, sender, status)


@bp.get("/outbox")
def outbox() -> Any:
    """Documents and messages the outbox channel recorded for this number after `after`."""
    try:
        phone = normalise_phone(request.args.get("phone", ""))
    except InvalidValue:
        return jsonify({"items": []})
    if _taken(phone):
        raise Refused(403, "number_taken", TAKEN)
    after = request.args.get("after", "0")
    after_id = int(after) if after.isdigit() else 0
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.destination == phone, OutboxMessage.id > after_id)
        .order_by(OutboxMessage.id)
        .limit(50)
    )
    items = [
        {
            "id": m.id,
            "medium": m.medium.value,
            "text": m.text,
            "document": m.document_name,
            "url": m.media_url,
            "choice": m.choice,
        }
        for m in db_session().scalars(query)
    ]
    return jsonify({"items": items})
