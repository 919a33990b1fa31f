"""Gives a job the app context it runs in: the in-process worker's, or one built per process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import has_app_context

from services.core.runtime import Runtime, current

_process_app: Any = None


def prepare_app() -> Any:
    """Build this process's app now (the worker does it before taking jobs)."""
    global _process_app
    if _process_app is None:
        from app import create_app

        _process_app = create_app()
    return _process_app


@contextmanager
def job_runtime() -> Iterator[Runtime]:
    """Yield the Runtime; an RQ worker process creates its app once, from the environment."""
    if has_app_context():
        yield current()
        return
    with prepare_app().app_context():
        yield current()
