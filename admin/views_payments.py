"""Pagamentos não identificados: return-file payments that matched no invoice."""

from __future__ import annotations

from typing import Any

from flask import render_template
from sqlalchemy import select

from admin.blueprint import bp
from models import ReturnFile, UnknownPayment
from services.runtime import db_session

PAGE = 200


@bp.get("/pagamentos")
def pagamentos() -> Any:
    """The newest unknown payments with the file each came in."""
    rows = (
        db_session()
        .execute(
            select(UnknownPayment, ReturnFile.filename)
            .join(ReturnFile, ReturnFile.id == UnknownPayment.return_file_id)
            .order_by(UnknownPayment.id.desc())
            .limit(PAGE)
        )
        .all()
    )
    return render_template("admin/pagamentos.html", rows=rows)
