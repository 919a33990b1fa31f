"""JSON error answers of the API and webhooks: {"error": code, "message": text}."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

JSON_PREFIXES = ("/api/", "/webhooks/", "/healthz")


def json_error(status: int, code: str, message: str, **extra: Any) -> tuple[Response, int]:
    """An error response in the contract's shape."""
    return jsonify({"error": code, "message": message, **extra}), status


def register_error_handlers(app: Flask) -> None:
    """Answer HTTP errors under the API and webhooks as JSON, leaving pages as HTML."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Any:
        if not request.path.startswith(JSON_PREFIXES):
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        return json_error(exc.code or 500, code, exc.description or exc.name or "error")
