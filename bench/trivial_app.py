"""The load generator's check: a WSGI app that answers every request with empty TwiML at
once, served by the same gunicorn, so any shortfall from the offered rate is the generator's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

BODY = b"<?xml version='1.0' encoding='UTF-8'?><Response />"


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Read the body (as a webhook would) and answer 200 with empty TwiML."""
    environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/xml"), ("Content-Length", str(len(BODY)))])
    return [BODY]
