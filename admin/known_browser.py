"""The known-browser cookie: signed proof that a login succeeded in this browser before, so
the login throttle can tell a colleague's usual browser from a stranger at the same address
(services.people.login_throttle)."""

from __future__ import annotations

import secrets
from typing import Any

from flask import current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

from services.core.runtime import current

COOKIE = "fatura_known_browser"
MAX_AGE = 90 * 24 * 3600  # a browser unused for a quarter is a stranger again
SALT = "staff-known-browser"


def _serializer() -> URLSafeTimedSerializer:
    """Signs with the app's secret key, under a salt of its own (not a session cookie)."""
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)  # type: ignore[arg-type]


def browser_id(login: str) -> str | None:
    """This browser's id when a login as `login` succeeded in it before, else None."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=MAX_AGE)
    except BadData:
        return None
    if isinstance(data, dict) and data.get("login") == login and isinstance(data.get("id"), str):
        return data["id"]
    return None


def remember(response: Any, login: str, browser: str | None) -> Any:
    """Mark this browser as known for `login` (keeping its id if it had one)."""
    value = _serializer().dumps({"login": login, "id": browser or secrets.token_urlsafe(12)})
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE,
        path="/admin",
        httponly=True,
        samesite="Lax",
        secure=current().config.production,
    )
    return response
