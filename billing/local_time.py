"""The distributor's time zone: "today" and due dates are São Paulo's (docs/product.md)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("America/Sao_Paulo")
