"""The one small protocol every channel adapter implements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


class ChannelError(Exception):
    """A send failed; `transient` says whether trying again later may work."""

    def __init__(self, message: str, *, code: str | None = None, transient: bool = True) -> None:
        """Keep the provider's code and whether to retry."""
        super().__init__(message)
        self.code = code
        self.transient = transient


@dataclass(frozen=True)
class Document:
    """A file to send: its name, bytes, and (for WhatsApp/SMS) the public link to it."""

    filename: str
    content: bytes
    media_url: str | None = None


@dataclass(frozen=True)
class SendResult:
    """What the provider answered: its id for the message, for status callbacks."""

    provider_id: str


class Channel(Protocol):
    """A way to reach a consumer: WhatsApp, SMS, e-mail or the local outbox."""

    name: str

    def send_text(self, destination: str, text: str, *, subject: str | None = None) -> SendResult:
        """Send a plain message."""
        ...

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
        """Send a message with a document (attachment, media or link); `html` and `headers`
        (an e-mail's HTML alternative and extra header fields) matter to e-mail only."""
        ...
