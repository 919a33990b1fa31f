"""GET /media/<token>: the PDF a signed link names, while the link has not expired."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from models import DeliveryKind, utcnow
from services.documents import DocumentNotFound, ensure_document
from services.media import read_token
from services.runtime import current, db_session
from webhooks.errors import json_error

bp = Blueprint("media", __name__)


@bp.get("/media/<token>")
def media(token: str) -> Any:
    """Serve the document inline; expired, tampered and unknown links are all a plain 404."""
    runtime = current()
    named = read_token(runtime.config.secret_key, token, runtime.config.media_link_hours * 3600)
    if named is None or named[1] is DeliveryKind.TEXT:
        return json_error(404, "not_found", "link inválido ou expirado")
    try:
        document = ensure_document(db_session(), named[0], named[1], runtime.storage, utcnow())
    except DocumentNotFound:
        return json_error(404, "not_found", "link inválido ou expirado")
    response = Response(document.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
