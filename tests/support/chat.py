"""Driving the Twilio webhooks as Twilio does: signed form posts, TwiML answers."""

from __future__ import annotations

import uuid
from typing import Any
from xml.etree import ElementTree

from twilio.request_validator import RequestValidator

AUTH_TOKEN = "test-twilio-auth-token"
BASE_URL = "http://127.0.0.1:5000"
DEMO_PHONE = "+5531999990000"


def sign(path: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """The X-Twilio-Signature Twilio would send for this form."""
    return RequestValidator(token).compute_signature(BASE_URL + path, params)


def form(
    text: str,
    channel: str = "whatsapp",
    phone: str = DEMO_PHONE,
    sid: str | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """An inbound message as Twilio posts it (`extra`: media, location or tap parameters)."""
    prefix = "whatsapp:" if channel == "whatsapp" else ""
    return (extra or {}) | {
        "MessageSid": sid or "SM" + uuid.uuid4().hex,
        "AccountSid": "ACtest",
        "From": prefix + phone,
        "To": prefix + "+5531300000000",
        "Body": text,
        "NumMedia": (extra or {}).get("NumMedia", "0"),
    }


def post(
    client: Any,
    text: str,
    channel: str = "whatsapp",
    phone: str = DEMO_PHONE,
    sid: str | None = None,
    extra: dict[str, str] | None = None,
) -> Any:
    """POST a signed inbound message."""
    path = f"/webhooks/twilio/{channel}"
    params = form(text, channel, phone, sid, extra)
    return client.post(path, data=params, headers={"X-Twilio-Signature": sign(path, params)})


def replies(response: Any) -> list[str]:
    """The <Message> texts of a TwiML response."""
    body = response.get_data(as_text=True)
    return [m.text or "" for m in ElementTree.fromstring(body).iter("Message")]  # noqa: S314
