"""One-click cancel of the digital invoice by e-mail (RFC 8058): `/cancelar/<token>`.

The target of every invoice e-mail's List-Unsubscribe header and footer link. A GET only
shows a page with a button, so the link scanners of mail providers and antivirus tools,
which fetch every link, cancel nothing. A POST (the mail provider's one-click request, with
the body `List-Unsubscribe=One-Click`, or the page's button) cancels that one e-mail
enrolment: no login and no CSRF token, since the signed token itself is the authority and
names nothing else. Cancelling twice changes nothing more; a tampered or expired token
changes nothing. The page shows the address masked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, render_template, send_file

from services import settings
from services.core.runtime import current, db_session
from services.people import email_cancel
from services.people.email_cancel import MAX_AGE, Outcome, Target

bp = Blueprint("cancel", __name__)
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "public" / "cancelar.css"
STATUS = {Outcome.INVALID: 404}
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token is in the URL: never pass it on
    "X-Robots-Tag": "noindex, nofollow",
}


def _page(target: Target, token: str) -> Any:
    """The page for what the link is worth now."""
    values = settings.load(db_session())
    page = render_template(
        "public/cancelar.html",
        target=target,
        token=token,
        issuer=values.issuer_name or "Fatura digital",
        contact_phone=values.contact_phone,
        whatsapp=values.channel_product_enabled,
        days=MAX_AGE.days,
    )
    return page, STATUS.get(target.outcome, 200), HEADERS


@bp.get("/cancelar/<token>")
def confirm(token: str) -> Any:
    """The confirmation page: what would be cancelled, and the button (changes nothing)."""
    return _page(email_cancel.look_up(db_session(), current().config.secret_key, token), token)


@bp.post("/cancelar/<token>")
def cancel(token: str) -> Any:
    """Cancel the e-mail enrolment the token names (RFC 8058 one-click, or the button)."""
    return _page(email_cancel.cancel(db_session(), current().config.secret_key, token), token)


@bp.get("/cancelar.css")
def stylesheet() -> Any:
    """The page's styles, as a file: every page's CSP forbids inline styles."""
    return send_file(STYLESHEET, mimetype="text/css", max_age=3600)
