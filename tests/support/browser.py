"""A headless Debian Chromium driven by Selenium, and a real `fatura serve` to point it at."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
needs_browser = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="Debian chromium/chromium-driver missing: `make test` installs them",
)
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(tmp_path: Path, env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """The demo service on a free port (development, SQLite, in-process queue); `env_extra`
    may also name providers (a fake Twilio's account, token and base URL)."""
    port = free_port()
    env = dict(os.environ)
    for name in ("REDIS_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "SMTP_URL"):
        env.pop(name, None)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path}/served.sqlite3",
            "APP_ENV": "development",
            "PORT": str(port),
            "FATURA_MEDIA_DIR": str(tmp_path / "m"),
            "FATURA_ADMIN_PASSWORD": "browser-pass-1",
            **(env_extra or {}),
        }
    )
    for command in (["init-db"], ["create-admin", "admin"], ["demo-data"]):
        subprocess.run(
            [str(BIN / "fatura"), *command], env=env, check=True, capture_output=True, timeout=120
        )
    server = subprocess.Popen(
        [str(BIN / "fatura"), "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def browser() -> Iterator[object]:
    """Headless Chromium with the flags this closed network needs."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


# Every element wider than the viewport, by tag and the start of its text (none: it fits).
OVERFLOW = """
const width = window.innerWidth;
const wide = [...document.querySelectorAll("body *")].filter(
  (e) => e.getBoundingClientRect().right > width + 0.5
);
return [width, document.documentElement.scrollWidth,
        wide.map((e) => e.tagName + " " + (e.textContent || "").trim().slice(0, 40))];
"""


def viewport(driver: object, width: int, height: int = 800, mobile: bool = False) -> None:
    """Lay the page out at exactly `width` CSS pixels (a phone when `mobile`)."""
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def overflow(driver: object) -> tuple[int, int, list[str]]:
    """(viewport width, document scroll width, elements whose right edge passes the viewport)."""
    width, scroll, wide = driver.execute_script(OVERFLOW)  # type: ignore[attr-defined]
    return int(width), int(scroll), list(wide)


def full_page(driver: object, width: int, path: str, mobile: bool = False) -> None:
    """Screenshot the whole page at `width` CSS pixels into `path`."""
    viewport(driver, width, 800, mobile)
    height = driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    viewport(driver, width, int(height), mobile)
    driver.save_screenshot(path)  # type: ignore[attr-defined]
