"""GET/PATCH /api/v1/settings: the parameters as one JSON object, changed only as a valid whole."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from api.blueprint import bp, json_body
from api.errors import json_error
from services import settings
from services.core.runtime import db_session


@bp.get("/settings")
def get_settings() -> Any:
    """Every parameter with its current value."""
    return jsonify(settings.load(db_session()).as_dict())


@bp.patch("/settings")
def patch_settings() -> Any:
    """Apply any subset; one bad value refuses the whole change with 422 naming the fields."""
    body = json_body()
    if not isinstance(body, dict):
        return body
    try:
        updated = settings.update(db_session(), body, actor="api")
    except settings.SettingsError as exc:
        return json_error(422, "invalid_settings", str(exc), fields=exc.fields)
    return jsonify(updated.as_dict())
