"""What an inbound Twilio message brings besides text, from its webhook parameters:
NumMedia/MediaUrl0/MediaContentType0 for media, Latitude/Longitude for a location."""

from __future__ import annotations

from collections.abc import Mapping

from bot.media_types import Attachment, MediaKind

CONTACT_TYPES = frozenset({"text/vcard", "text/x-vcard", "text/directory"})
MAX_REACTION_CHARS = 8


def _kind(content_type: str) -> MediaKind:
    """The medium of a MIME type (WhatsApp stickers are WebP images)."""
    major = content_type.split("/")[0]
    if content_type == "image/webp":
        return "sticker"
    if major in ("image", "audio", "video"):
        return major  # type: ignore[return-value]
    return "contact" if content_type in CONTACT_TYPES else "document"


def _reaction(body: str) -> bool:
    """True for a message of emoji only (a reaction, a thumbs-up): no letter, digit or
    punctuation a person types."""
    text = body.strip()
    return (
        0 < len(text) <= MAX_REACTION_CHARS
        and not any(c.isascii() for c in text)
        and not any(c.isalnum() for c in text)
    )


def attachment_of(form: Mapping[str, str]) -> Attachment | None:
    """The message's first medium or location, or None for plain text."""
    if form.get("Latitude") and form.get("Longitude"):
        return Attachment("location")
    count = form.get("NumMedia", "0")
    if count.isdigit() and int(count) > 0:
        content_type = form.get("MediaContentType0", "").split(";")[0].strip().lower()
        return Attachment(_kind(content_type), form.get("MediaUrl0", "")[:500], content_type)
    if _reaction(form.get("Body", "")):
        return Attachment("reaction")
    return None
