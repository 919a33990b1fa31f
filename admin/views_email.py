"""2ª via → E-mail da fatura: the invoice's e-mail as the consumer gets it, for staff to see.

Two views of the first copy's e-mail of one invoice: a page with its subject, headers and
plain-text part, and the HTML part on its own (opened in a new tab). The HTML part is an
e-mail, styled inline as mail clients require, so it is served with a CSP of its own that
allows inline styles and nothing else: no script, no frame, no form, no external load.
Its cancel link is an example that cancels nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Response, render_template

from admin.blueprint import bp, get_or_404
from models import Invoice
from services import settings
from services.core.runtime import current, db_session
from services.delivery.compose import Message, email_preview

EMAIL_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
)


def _preview(invoice_id: int) -> tuple[Invoice, Message]:
    """The invoice and its e-mail as it would go now."""
    invoice = get_or_404(Invoice, invoice_id)
    db = db_session()
    return invoice, email_preview(db, current(), invoice, settings.load(db))


@bp.get("/segunda-via/<int:invoice_id>/email")
def email_page(invoice_id: int) -> Any:
    """Subject, headers and the plain-text part, with a link to the HTML part."""
    invoice, message = _preview(invoice_id)
    return render_template("admin/segunda_via_email.html", invoice=invoice, message=message)


@bp.get("/segunda-via/<int:invoice_id>/email.html")
def email_html(invoice_id: int) -> Any:
    """The HTML part alone, as a mail client would show it."""
    _, message = _preview(invoice_id)
    response = Response(message.html or "", mimetype="text/html")
    response.headers["Content-Security-Policy"] = EMAIL_CSP
    response.headers["Cache-Control"] = "no-store"
    return response
