"""The outbox channel: records messages and documents in the database instead of sending them.

Used automatically when no Twilio / SMTP credentials are configured; the chat simulator and
the admin page read these rows.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from channels.base import Document, SendResult
from models import Database, DeliveryMedium, OutboxMessage

log = logging.getLogger(__name__)


class OutboxChannel:
    """Writes each send as an `outbox_message` row, committed in its own transaction."""

    def __init__(self, db: Database, medium: DeliveryMedium) -> None:
        """Record sends for `medium` in `db`."""
        self.db = db
        self.medium = medium
        self.name = f"outbox-{medium.value}"

    def send_text(self, destination: str, text: str, *, subject: str | None = None) -> SendResult:
        """Record a plain message."""
        return self._record(destination, text, subject, None)

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
        """Record a message with its document bytes and link (an e-mail's plain text only:
        its HTML and headers are rebuilt from the invoice when staff preview it)."""
        return self._record(destination, text, subject, document)

    def send_choice(self, destination: str, text: str, choice: dict[str, Any]) -> SendResult:
        """Record a message with tappable options (the simulator draws them); `text` is its
        numbered form."""
        return self._record(destination, text, None, None, choice)

    def _record(
        self,
        destination: str,
        text: str,
        subject: str | None,
        document: Document | None,
        choice: dict[str, Any] | None = None,
    ) -> SendResult:
        """Insert and commit the row; its id is the provider id."""
        with self.db.session() as session:
            row = OutboxMessage(
                medium=self.medium,
                destination=destination,
                subject=subject,
                text=text,
                choice=choice,
            )
            if document is not None:
                row.document_name = document.filename
                row.document = document.content
                row.media_url = document.media_url
            session.add(row)
            session.commit()
            log.info("outbox %s message %d recorded", self.medium.value, row.id)
            return SendResult(provider_id=f"outbox-{row.id}")
