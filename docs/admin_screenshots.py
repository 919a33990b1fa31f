"""Screenshots of every admin page for the README, from a real `fatura serve` with demo data.

.venv/bin/python docs/admin_screenshots.py   # writes docs/admin-*.png (needs Debian chromium)

A few things are done first so the pages show something: a chat that asks for a person, a
second copy sent by e-mail from the 2ª via screen.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.support.browser import browser, served  # noqa: E402

PAGES = [
    ("login", "/admin/login"),
    ("inicio", "/admin/"),
    ("envio-digital", "/admin/envio-digital?uc=131030"),
    ("segunda-via", "/admin/segunda-via?uc=131030"),
    ("segunda-via-fatura", None),  # the newest invoice's page, found from the list
    ("parametros", "/admin/parametros"),
    ("envios", "/admin/envios"),
    ("envio", None),  # the newest delivery's timeline
    ("atendimentos", "/admin/atendimentos"),
    ("conversa", None),  # the hand-off's transcript
    ("pagamentos", "/admin/pagamentos"),
]


def _shot(driver: Any, name: str, width: int = 1200) -> None:
    """Save the whole page at `width` pixels as docs/admin-<name>.png."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height + 40, 500), 2400))
    time.sleep(0.2)
    driver.save_screenshot(str(HERE / f"admin-{name}.png"))
    driver.set_window_size(1200, 900)


def _chat(driver: Any, base: str) -> None:
    """A consumer asks for a person in the simulator, so Atendimentos has something."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/simulator")
    box = driver.find_element(By.ID, "text")
    for text in ("oi", "2", "atendente"):
        box.send_keys(text)
        driver.find_element(By.ID, "send").click()
        time.sleep(1.0)


def _first_link(driver: Any, selector: str) -> None:
    """Follow the first link matching a CSS selector."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, selector).click()
    time.sleep(0.5)


def main() -> None:
    """Log in, prepare, and photograph each page."""
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp)) as base, browser() as driver:
        _chat(driver, base)
        driver.get(base + "/admin/login")
        _shot(driver, "login")
        driver.find_element(By.ID, "login").send_keys("admin")
        driver.find_element(By.ID, "password").send_keys("browser-pass-1")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        time.sleep(0.5)
        for name, path in PAGES[1:]:
            if path is not None:
                driver.get(base + path)
            elif name == "segunda-via-fatura":
                _first_link(driver, "#invoices a")
            elif name == "envio":
                _first_link(driver, "#deliveries a")
            elif name == "conversa":
                _first_link(driver, "#waiting a")
            _shot(driver, name)
            if name == "segunda-via-fatura":
                form = driver.find_element(By.ID, "send-segunda_via")
                form.find_element(By.NAME, "destination").send_keys("cliente@example.com")
                form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                time.sleep(0.5)
                _shot(driver, "segunda-via-confirmar")
                driver.find_element(By.ID, "confirm").click()
                time.sleep(2)
        driver.get(base + "/admin/envio-digital?uc=131030")
        _shot(driver, "envio-digital-celular", width=400)
    print("wrote", ", ".join(sorted(p.name for p in HERE.glob("admin-*.png"))))


if __name__ == "__main__":
    main()
