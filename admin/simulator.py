"""The chat simulator: a person chats as a WhatsApp or SMS user through the real webhook.

Each message is signed like Twilio signs it (when an auth token is configured) and goes
through the same `/webhooks/twilio/<channel>` path, TwiML and all; documents appear from
the outbox channel. Open in development; behind staff login in production.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from flask import Blueprint, current_app, jsonify, render_template, request, send_file
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from admin.security import staff_gate
from billing.validation import InvalidValue, normalise_phone
from models import OutboxMessage
from services.runtime import current, db_session

bp = Blueprint("simulator", __name__, url_prefix="/simulator")
HERE = Path(__file__).resolve().parent.parent / "templates" / "simulator"
CHANNELS = ("whatsapp", "sms")


@bp.before_request
def staff_in_production() -> Any:
    """Open in development; behind staff login (and CSRF on writes) in production."""
    return staff_gate() if current().config.production else None


@bp.get("")
@bp.get("/")
def page() -> Any:
    """The chat page."""
    return render_template("simulator/index.html")


@bp.get("/simulator.css")
def stylesheet() -> Any:
    """The page's styles, as a file so a strict CSP can forbid inline styles."""
    return send_file(HERE / "simulator.css", mimetype="text/css", max_age=0)


@bp.get("/app.js")
def script() -> Any:
    """The page's script, served as a file so a strict CSP can forbid inline scripts."""
    return send_file(HERE / "app.js", mimetype="text/javascript", max_age=0)


def _signed_post(path: str, params: dict[str, str]) -> Any:
    """POST the form to our own webhook through the WSGI stack, signed as Twilio signs."""
    config = current().config
    headers = {}
    if config.twilio_auth_token:
        validator = RequestValidator(config.twilio_auth_token)
        headers["X-Twilio-Signature"] = validator.compute_signature(
            config.public_base_url + path, params
        )
    client = current_app.test_client()
    return client.post(path, data=params, headers=headers)


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
    channel, text = body.get("channel"), str(body.get("text", ""))[:2000]
    if channel not in CHANNELS:
        return jsonify({"error": "bad_channel", "message": "canal deve ser whatsapp ou sms"}), 400
    try:
        phone = normalise_phone(str(body.get("phone", "")))
    except InvalidValue as exc:
        return jsonify({"error": "bad_phone", "message": str(exc)}), 400
    prefix = "whatsapp:" if channel == "whatsapp" else ""
    params = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": "ACsimulator",
        "From": prefix + phone,
        "To": prefix + "+5531300000000",
        "Body": text,
        "NumMedia": "0",
    }
    response = _signed_post(f"/webhooks/twilio/{channel}", params)
    if response.status_code != 200:
        return jsonify({"error": "webhook", "status": response.status_code}), 502
    return jsonify({"replies": _messages(response.get_data(as_text=True))})


@bp.get("/outbox")
def outbox() -> Any:
    """Documents and messages the outbox channel recorded for this number after `after`."""
    try:
        phone = normalise_phone(request.args.get("phone", ""))
    except InvalidValue:
        return jsonify({"items": []})
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
        }
        for m in db_session().scalars(query)
    ]
    return jsonify({"items": items})
