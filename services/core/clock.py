"""The distributor's clock: "today" and due dates are in America/Sao_Paulo (docs/product.md)."""

from __future__ import annotations

from datetime import date, datetime

from billing.local_time import LOCAL_TZ

__all__ = ["LOCAL_TZ", "local_now", "local_today"]


def local_now() -> datetime:
    """The current time in São Paulo."""
    return datetime.now(LOCAL_TZ)


def local_today() -> date:
    """Today's date in São Paulo (not the server's UTC date)."""
    return local_now().date()
