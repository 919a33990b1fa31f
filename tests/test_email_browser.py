"""The invoice e-mail's HTML in a real browser (headless Chromium): nothing wider than a phone
(375 px) or a desktop window (1024 px), a year of consumption bars, long names and codes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from models import Invoice
from services.core.clock import local_today
from tests.support.browser import browser, needs_browser, overflow, viewport
from tests.support.importing import invoice as invoice_record

pytestmark = [needs_browser, pytest.mark.slow]
COUNT_BARS = "return document.querySelectorAll('td[height]').length"  # one cell per month


def _month(today: date, back: int) -> date:
    """The first day of the month `back` months before today's."""
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    return date(year, month + 1, 1)


def _a_year_of_history(client, auth, uc: str) -> None:  # type: ignore[no-untyped-def]
    """Paid invoices before the demo's months, so the chart has 12 bars."""
    today = local_today()
    for back in range(3, 12):
        first = _month(today, back)
        body = invoice_record(
            key=f"F-OLD-{uc}-{back}",
            uc=uc,
            reference=f"{first:%Y-%m}",
            issue_date=first.isoformat(),
            due_date=first.replace(day=20).isoformat(),
            status="paid",
            kwh=1180 + back * 7,
        )
        body.pop("type")
        assert client.post("/api/v1/invoices", json=body, headers=auth).status_code in (200, 201)


@pytest.mark.parametrize("uc", ["131030", "220045"])  # a person; a company with a long name
def test_the_email_fits_a_phone_and_a_desktop(staff, session, auth, tmp_path: Path, uc) -> None:  # type: ignore[no-untyped-def]
    _a_year_of_history(staff, auth, uc)
    query = select(Invoice).join(Invoice.unit).where(Invoice.key.like(f"%{uc}%"))
    pages = []
    for invoice in session.scalars(query.order_by(Invoice.reference.desc())).all()[:2]:
        path = tmp_path / f"email-{invoice.id}.html"
        path.write_text(
            staff.get(f"/admin/segunda-via/{invoice.id}/email.html").get_data(as_text=True)
        )
        pages.append(path)
    bars = []
    with browser() as driver:
        for path in pages:
            driver.get(path.as_uri())
            for width, mobile in ((375, True), (1024, False)):
                viewport(driver, width, mobile=mobile)
                inner, scroll, wide = overflow(driver)
                assert inner == width and scroll <= width and wide == [], (path.name, width, wide)
            bars.append(
                driver.execute_script("return document.querySelectorAll('td[height]').length")
            )
    assert bars[0] == 12  # the newest invoice's e-mail draws a whole year
