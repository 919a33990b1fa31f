"""What a message brings besides text (a photo, a voice note, a location) and what reading a
photo found: kept apart from `bot.types` so the rich-media contract reads in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MediaKind = Literal[
    "image", "audio", "video", "sticker", "location", "contact", "document", "reaction"
]
PhotoResult = Literal["ours", "other", "none", "refused", "unavailable"]


@dataclass(frozen=True)
class Attachment:
    """The first medium of a message: its kind and, for media, where the provider keeps it
    (the edge fetches it; the engine only passes the address along)."""

    kind: MediaKind
    url: str = ""
    content_type: str = ""


@dataclass(frozen=True)
class PhotoFinding:
    """What a photographed bill showed: one of our invoices (`ours`, with its UC and id), a
    valid code of another company (`other`), no code (`none`), or a photo that could not be
    fetched or decoded (`refused`: too big, not an image), or one Twilio kept failing to
    give us until we gave up (`unavailable`)."""

    result: PhotoResult
    uc: str | None = None
    invoice_id: int | None = None


@dataclass(frozen=True)
class ReadPhoto:
    """Effect: fetch the photo at `url` in a worker, read its codes, and answer the chat with
    a message of its own once done."""

    url: str
    content_type: str
