"""Signed, expiring links to documents: `/media/<token>` names an invoice and a copy kind."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

from models import DeliveryKind

SALT = "fatura-media-v1"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    """The signer of media tokens (HMAC with the app's secret key)."""
    return URLSafeTimedSerializer(secret, salt=SALT)


def make_token(secret: str, invoice_id: int, kind: DeliveryKind) -> str:
    """A token for one document; it carries ids only, never personal data."""
    return _serializer(secret).dumps([invoice_id, kind.value])


def read_token(secret: str, token: str, max_age_s: int) -> tuple[int, DeliveryKind] | None:
    """The document a token names, or None when it is tampered, malformed or expired."""
    try:
        invoice_id, kind = _serializer(secret).loads(token, max_age=max_age_s)
        return int(invoice_id), DeliveryKind(kind)
    except (BadSignature, ValueError, TypeError):
        return None


def media_url(base_url: str, secret: str, invoice_id: int, kind: DeliveryKind) -> str:
    """The public link of a document, e.g. for Twilio's MediaUrl or an SMS."""
    return f"{base_url}/media/{make_token(secret, invoice_id, kind)}"
