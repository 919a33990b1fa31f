"""Document links: GET /media/<token> (signed, expiring) and GET /m/<code> (short, for SMS)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from api.errors import json_error
from models import DeliveryKind, utcnow
from services.core.runtime import current, db_session
from services.documents import short_links
from services.documents.documents import DocumentNotFound, ensure_document
from services.documents.media_links import read_token

bp = Blueprint("media", __name__)


def _not_found() -> Any:
    """Expired, tampered and unknown links all get the same plain 404."""
    return json_error(404, "not_found", "link inválido ou expirado")


def _serve(named: tuple[int, DeliveryKind] | None) -> Any:
    """The PDF inline, with a readable file name, or a 404."""
    if named is None or named[1] is DeliveryKind.TEXT:
        return _not_found()
    runtime = current()
    try:
        document = ensure_document(db_session(), named[0], named[1], runtime.storage, utcnow())
    except DocumentNotFound:
        return _not_found()
    response = Response(document.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/media/<token>")
def media(token: str) -> Any:
    """A document named by a signed token, while the token has not expired."""
    config = current().config
    return _serve(read_token(config.secret_key, token, config.media_link_hours * 3600))


@bp.get("/m/<code>")
def short(code: str) -> Any:
    """A document named by a short SMS code, while the code has not expired."""
    return _serve(short_links.resolve(db_session(), code, utcnow()))
