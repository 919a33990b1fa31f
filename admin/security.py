"""What every page gets: CSRF for staff forms, strict security headers, the staff session.

CSRF is checked by Flask-WTF only where a staff session matters (the admin blueprint, and
the simulator unless it is open): the JSON API authenticates by bearer token and Twilio's
webhooks by signature, so they are not cookie-authenticated and need no token.

A staff session is checked on the server on every request: it lasts 8 hours from login
whatever the cookie's own expiry, and it ends when the user's `session_version` moves on
(logout, password reset), so a copied cookie is worth nothing afterwards.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, Response, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from models import StaffUser, utcnow
from services.core.runtime import db_session

csrf = CSRFProtect()
SESSION_LIFETIME = timedelta(hours=8)

CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def init_security(app: Flask) -> None:
    """Set up CSRF (checked explicitly by the views that need it) and the response headers."""
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)  # a working day on one page
    csrf.init_app(app)
    app.before_request(_forget_staff)
    app.after_request(_headers)


def _forget_staff() -> None:
    """Look the user and CSRF token up afresh per request (`g` may outlive one in tests)."""
    g.pop("staff", None)
    g.pop("csrf_token", None)


def _headers(response: Response) -> Response:
    """Add the security headers; views that set their own keep them. The CSP goes on pages
    only: a PDF opened in the browser's viewer must not be bound by it."""
    for name, value in HEADERS.items():
        if name != "Content-Security-Policy" or response.mimetype == "text/html":
            response.headers.setdefault(name, value)
    return response


def _session_holds(user: StaffUser | None) -> bool:
    """True while the session's user is active, not revoked and logged in under 8 hours ago."""
    login_at, version = session.get("login_at"), session.get("staff_version")
    if user is None or not user.active or version != user.session_version:
        return False
    age = utcnow().timestamp() - login_at if isinstance(login_at, int | float) else None
    return age is not None and age < SESSION_LIFETIME.total_seconds()


def current_staff() -> StaffUser | None:
    """The logged-in, still active staff user, or None (cached for the request); a void
    session (expired, revoked, user deactivated) is cleared."""
    if "staff" not in g:
        user_id = session.get("staff_id")
        user = db_session().get(StaffUser, user_id) if isinstance(user_id, int) else None
        g.staff = user if _session_holds(user) else None
        if g.staff is None and "staff_id" in session:
            session.clear()
    return g.staff


def staff_gate() -> Any:
    """Before a staff view: redirect anonymous visitors to login, check CSRF on writes."""
    if current_staff() is None:
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()
    return None


def login_session(user: StaffUser) -> None:
    """Start a fresh session for `user` (a new cookie, so a planted one is useless), stamped
    with the login time and the user's session version that `current_staff` checks."""
    session.clear()
    session["staff_id"] = user.id
    session["staff_version"] = user.session_version
    session["login_at"] = int(utcnow().timestamp())
    session.permanent = False


def actor() -> str:
    """The staff login that audit entries name."""
    user = current_staff()
    return user.login if user is not None else "anonymous"
