"""Access logs never hold a working document link: gunicorn as the Procfile runs it, and the
development server of `fatura serve`."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support.browser import free_port

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "eyJpIjo0MiwiayI6InNlY29uZF9jb3B5In0.Z1x2Y3.c2lnbmF0dXJl"
CODE = "AbCdEfGhJk"
LINKS = (f"/media/{TOKEN}", f"/m/{CODE}", f"/cancelar/{TOKEN}")


def _procfile(kind: str) -> str:
    """The command of one Procfile line."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(kind + ":"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {kind}: line in the Procfile")


def _get(url: str) -> int:
    """The status of a GET (errors included)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@contextmanager
def _procfile_web(sqlite_url: str, log: Path) -> Iterator[str]:
    """The Procfile's `web:` line on a free local port, its stdout (the access log) in `log`."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SMTP_"))}
    env.pop("REDIS_URL", None)
    env.pop("APP_ENV", None)  # the Procfile's own default: production
    env.update(
        PORT=str(port),
        WEB_CONCURRENCY="1",
        DATABASE_URL=sqlite_url,
        SECRET_KEY="access-log-test-secret",
        API_TOKEN="access-log-test-token",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    command = _procfile("web").replace("0.0.0.0", "127.0.0.1")  # noqa: S104 (the reverse)
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S602 (the Procfile line, as a Procfile runner runs it)
            command, shell=True, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is None and _up(base):
                break
            time.sleep(0.25)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _up(base: str) -> bool:
    """True once the server answers its health check."""
    try:
        return _get(base + "/healthz") == 200
    except OSError:
        return False


def _wait_for_lines(log: Path, count: int) -> str:
    """The log once it holds `count` link requests (gunicorn writes after the response)."""
    for _ in range(200):
        text = log.read_text()
        if (
            sum(line.count('"GET /') for line in text.splitlines() if "/healthz" not in line)
            >= count
        ):
            return text
        time.sleep(0.05)
    return log.read_text()


@pytest.mark.slow
def test_the_procfile_web_access_log_masks_document_links(sqlite_url, tmp_path) -> None:
    log = tmp_path / "web.log"
    with _procfile_web(sqlite_url, log) as base:
        assert _get(base + "/healthz") == 200  # production by default, and it starts
        for link in LINKS:
            assert _get(base + link) in (404, 405)
        text = _wait_for_lines(log, len(LINKS))
    assert "/media/<redacted>" in text and "/m/<redacted>" in text
    assert "/cancelar/<redacted>" in text
    assert TOKEN not in text and CODE not in text
    assert "env=production" in text


def test_the_development_server_log_masks_document_links(app, caplog) -> None:
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for link in LINKS:
                _get(f"http://127.0.0.1:{server.port}{link}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert len(lines) == len(LINKS)
    assert all("<redacted>" in line for line in lines)
    assert not any(TOKEN in line or CODE in line for line in lines)
