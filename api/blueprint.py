"""The ERP's HTTP API (/api/v1): bearer-token auth; resources register routes on `bp`."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, request

from api.errors import json_error
from services.core.runtime import current

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def require_token() -> Any:
    """Refuse requests without the configured bearer token (API off while API_TOKEN is unset)."""
    token = current().config.api_token
    if not token:
        return json_error(403, "api_disabled", "API desativada: defina API_TOKEN para usá-la")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        response, status = json_error(401, "unauthorized", "token ausente ou inválido")
        response.headers["WWW-Authenticate"] = 'Bearer realm="fatura"'
        return response, status
    return None


def json_body() -> dict[str, Any] | tuple[Any, int]:
    """The request's JSON object, or a 400 error response to return."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(400, "invalid_json", "o corpo deve ser um objeto JSON")
    return body
