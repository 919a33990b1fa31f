"""Invoices as the ERP posts them, relative to today, for the notice and e-mail tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from services.core.clock import local_today
from tests.support.importing import invoice as invoice_record

FAR = timedelta(days=10)


def api_invoice(key: str, uc: str = "131030", **fields: Any) -> dict[str, Any]:
    """A new authorised invoice of next month for `uc`, due in 10 days (payable today)."""
    today = local_today()
    month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    values = {
        "reference": f"{month:%Y-%m}",
        "issue_date": today.isoformat(),
        "due_date": (today + FAR).isoformat(),
        **fields,
    }
    body = invoice_record(key=key, uc=uc, **values)
    body.pop("type")
    return body


def issue(app: Any, client: Any, auth: dict[str, str], body: dict[str, Any]) -> None:
    """POST the invoice as the ERP does and wait until its first copies have gone."""
    response = client.post("/api/v1/invoices", json=body, headers=auth)
    assert response.status_code == 201, response.get_data(as_text=True)
    app.extensions["fatura"].queue.join(20.0)
