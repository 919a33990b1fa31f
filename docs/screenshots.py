"""Screenshots for the README: what consumers receive (the invoice e-mail at a phone's and
a desktop's width, the WhatsApp notice of a new invoice in the chat simulator) and the
hand-off screens staff use (docs/screenshots_handoff.py).

    .venv/bin/python docs/screenshots.py           # writes every picture in docs/img/
    .venv/bin/python docs/screenshots.py handoff   # only the hand-off screens
                                                   # (needs Debian chromium)

Everything comes from a real `fatura serve` with the demo data (tests/support/browser.py),
plus paid invoices of earlier months so the e-mail's chart shows a whole year. The e-mail is
the admin's preview of the newest invoice (the templates and data the SMTP channel sends),
checked as the browser test checks it: nothing wider than the viewport. The WhatsApp notice
is what the outbox channel records when the ERP posts a new invoice for UC 131030 after the
demo titular enrolled the chat's number with ADERIR WHATSAPP.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
IMG = HERE / "img"
sys.path.insert(0, str(HERE.parent))

from docs.screenshots_handoff import handoff_screens  # noqa: E402
from tests.support.browser import browser, full_page, overflow, served, viewport  # noqa: E402
from tests.support.importing import invoice as invoice_record  # noqa: E402

ENV = {"API_TOKEN": "demo-token", "TWILIO_WHATSAPP_FROM": "whatsapp:+553130000000"}


def _month(today: date, back: int) -> date:
    """The first day of the month `back` months before today's (negative: after)."""
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    return date(year, month + 1, 1)


def _post_invoice(base: str, key: str, first: date, **fields: Any) -> None:
    """POST one invoice of UC 131030 for the competência starting on `first`, as the ERP does."""
    body = invoice_record(key=key, reference=f"{first:%Y-%m}", issue_date=first.isoformat(),
                          **fields)  # fmt: skip
    body.pop("type")
    request = urllib.request.Request(  # noqa: S310 (our own server, http)
        base + "/api/v1/invoices",
        data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer demo-token", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 (our own server)
        assert answer.status in (200, 201)


def _history(base: str) -> None:
    """Paid invoices of the six months before the demo's, with their kWh."""
    today = date.today()
    for back, kwh in zip(range(6, 12), (236, 251, 262, 244, 229, 218), strict=True):
        first = _month(today, back)
        _post_invoice(base, f"F-HIST-{back}", first, status="paid", kwh=kwh,
                      due_date=(first + timedelta(days=19)).isoformat())  # fmt: skip


def _log_in(driver: Any, base: str) -> None:
    """The demo staff user logs in."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/admin/login")
    driver.find_element(By.ID, "login").send_keys("admin")
    driver.find_element(By.ID, "password").send_keys("browser-pass-1")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    time.sleep(0.5)


def _email(driver: Any, base: str) -> None:
    """The newest invoice's e-mail at 375 and 1024 pixels, checked for width."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/admin/segunda-via?uc=131030")
    driver.find_element(By.CSS_SELECTOR, "#invoices a").click()
    time.sleep(0.3)
    driver.find_element(By.ID, "email-preview").click()
    time.sleep(0.3)
    driver.get(driver.find_element(By.ID, "email-html").get_attribute("href"))
    for width, mobile in ((375, True), (1024, False)):
        viewport(driver, width, mobile=mobile)
        inner, scroll, wide = overflow(driver)
        if scroll > inner or wide:
            sys.exit(f"the e-mail is wider than {width} px: {wide}")
        full_page(driver, width, str(IMG / f"email-{width}.png"), mobile)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _whatsapp(driver: Any, base: str) -> None:
    """Enrol the chat's number, post a new invoice, photograph the notice as it arrives."""
    from selenium.webdriver.common.by import By

    viewport(driver, 760, 700)
    driver.get(base + "/simulator")
    driver.find_element(By.ID, "text").send_keys("aderir whatsapp")
    driver.find_element(By.ID, "send").click()
    time.sleep(1.5)
    first = _month(date.today(), -1)  # next month's invoice, as the demo's are dated
    _post_invoice(base, "F-NOTICE", first, kwh=241, amount="251.37",
                  due_date=(first + timedelta(days=19)).isoformat())  # fmt: skip
    for _ in range(60):
        if len(driver.find_elements(By.CSS_SELECTOR, ".msg.doc")) >= 3:
            break
        time.sleep(0.5)
    time.sleep(1.0)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(IMG / "whatsapp-notice.png"))


def main() -> None:
    """Serve the demo, prepare it, and take the pictures (only the hand-off's with
    `handoff`)."""
    IMG.mkdir(exist_ok=True)
    only_handoff = sys.argv[1:] == ["handoff"]
    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp), ENV) as base:
        with browser() as driver:
            _log_in(driver, base)
            if not only_handoff:
                _history(base)
                _email(driver, base)
                _whatsapp(driver, base)
            handoff_screens(driver, base, Path(tmp) / "served.sqlite3", IMG)
    print("wrote", ", ".join(sorted(p.name for p in IMG.glob("*.png"))))


if __name__ == "__main__":
    main()
