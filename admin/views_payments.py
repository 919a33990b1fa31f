"""Pagamentos não identificados: return-file payments that matched no invoice."""

from __future__ import annotations

from typing import Any

from flask import render_template

from admin.blueprint import bp
from services.collection import unknown_payments
from services.core.runtime import db_session

PAGE = 200


@bp.get("/pagamentos")
def pagamentos() -> Any:
    """The newest unknown payments with the file each came in."""
    rows = unknown_payments.newest(db_session(), PAGE)
    return render_template("admin/pagamentos.html", rows=rows)
