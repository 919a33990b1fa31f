"""The render job: make sure an invoice document is in storage (renders nothing when cached)."""

from __future__ import annotations

import logging

from models import DeliveryKind, utcnow
from services.core.runtime import db_session
from services.documents.documents import ensure_document
from workers.context import job_runtime

log = logging.getLogger(__name__)


def render_document(invoice_id: int, kind: str) -> str:
    """Render (or find) one document; returns its storage key."""
    with job_runtime() as runtime:
        document = ensure_document(
            db_session(), invoice_id, DeliveryKind(kind), runtime.storage, utcnow()
        )
        log.info("document %s %s", document.key, "cached" if document.cached else "rendered")
        return document.key
