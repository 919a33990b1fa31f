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
    """The demo service on a free port (development, SQLite, in-process queue)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/served.sqlite3",
        "APP_ENV": "development",
        "PORT": str(port),
        "FATURA_MEDIA_DIR": str(tmp_path / "m"),
        "FATURA_ADMIN_PASSWORD": "browser-pass-1",
        **(env_extra or {}),
    }
    for name in ("REDIS_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "SMTP_URL"):
        env.pop(name, None)
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
