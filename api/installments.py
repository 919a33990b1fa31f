"""GET /api/v1/installment-plans?uc= and GET /api/v1/charges?reference=AAAA-MM."""

from __future__ import annotations

import re
from typing import Any

from flask import jsonify, request

from api.blueprint import bp
from api.errors import json_error
from services.core.runtime import db_session
from services.installments import queries

REFERENCE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@bp.get("/installment-plans")
def installment_plans() -> Any:
    """The plans (of one UC with ?uc=), newest first, with entrada and installments."""
    uc = request.args.get("uc", "").strip()[:20] or None
    rows = queries.plans(db_session(), uc=uc, status=request.args.get("status"))
    return jsonify({"items": [queries.plan_json(p) for p in rows]})


@bp.get("/charges")
def charges() -> Any:
    """Installment charges the ERP must add to that competência's invoices."""
    reference = request.args.get("reference", "")
    if not REFERENCE.fullmatch(reference):
        return json_error(400, "bad_reference", "reference deve ser AAAA-MM, como 2026-12")
    return jsonify({"items": queries.charges(db_session(), reference)})
