"""Search by protocol number: a hand-off opens its conversation; an outage report is shown
with its time, channel, masked number, UC and redacted text."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for

from admin.blueprint import bp
from models import Handoff
from services.core.runtime import db_session
from services.handoff.queries import by_protocol


@bp.get("/protocolo")
def protocolo() -> Any:
    """Find the hand-off or outage report with the number typed (any separators)."""
    number = request.args.get("numero", "").strip()[:40]
    found = by_protocol(db_session(), number) if number else None
    if isinstance(found, Handoff):
        return redirect(url_for("admin.atendimento", handoff_id=found.id))
    page = render_template("admin/protocolo.html", number=number, report=found)
    return page, 200 if found is not None or not number else 404
