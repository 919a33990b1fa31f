"""Job functions of bench/dispatch.py's no-op baseline, importable by `rq worker --path bench`."""

from __future__ import annotations


def noop(i: int) -> int:
    """Do nothing: the job RQ's default Worker drains for the baseline."""
    return i
