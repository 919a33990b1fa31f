"""`fatura demo-data` and the service `make run` starts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from models import Enrollment, Invoice, InvoiceStatus, Setting, Unit
from services import settings
from services.erp.demo import load_demo

BIN = Path(sys.executable).parent
TODAY = date(2026, 11, 23)


def test_demo_has_uc_131030_six_months_one_overdue_one_unauthorised(session) -> None:
    load_demo(session, TODAY)
    unit = session.scalar(select(Unit).where(Unit.uc == "131030"))
    invoices = session.scalars(
        select(Invoice).where(Invoice.unit_id == unit.id).order_by(Invoice.reference)
    ).all()
    assert [i.reference for i in invoices] == [
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
    ]
    overdue = [i for i in invoices if i.status is InvoiceStatus.OPEN and i.due_date < TODAY]
    assert len(overdue) == 1 and overdue[0].due_date >= TODAY - timedelta(days=30)
    assert [i.reference for i in invoices if not i.authorized] == ["2026-11"]
    assert sum(i.amount for i in invoices[0].items) == invoices[0].amount
    enrollment = session.scalar(select(Enrollment).where(Enrollment.unit_id == unit.id))
    assert (enrollment.medium.value, enrollment.destination) == ("email", "teste@teste.com")
    assert settings.load(session).channel_product_enabled is True


def test_demo_again_changes_nothing_and_keeps_staff_changes(session) -> None:
    load_demo(session, TODAY)
    settings.update(session, {"pix_merchant_city": "Contagem"}, "staff")
    report = load_demo(session, TODAY)
    assert report.counts["invoice.unchanged"] == 9 and not report.counts["invoice.inserted"]
    assert settings.load(session).pix_merchant_city == "Contagem"
    assert len(session.scalars(select(Enrollment)).all()) == 1
    assert session.scalar(select(Setting).where(Setting.name == "pix_merchant_city"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_the_make_run_commands_serve_healthz_and_print_urls(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3",
        "FATURA_ADMIN_PASSWORD": "demo-pass-123",
        "API_TOKEN": "demo-token",
        "PORT": str(port),
    }
    env.pop("REDIS_URL", None)
    for command in (["init-db"], ["create-admin", "admin"], ["demo-data"]):
        done = subprocess.run(
            [str(BIN / "fatura"), *command], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    server = subprocess.Popen(
        [str(BIN / "fatura"), "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = _wait_for(f"http://127.0.0.1:{port}/healthz")
        assert status == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/simulator" in output
    assert f"http://127.0.0.1:{port}/admin/" in output
    assert "login admin / demo-pass-123" in output


def _wait_for(url: str) -> int:
    """Poll until the server answers (bounded: 60 tries)."""
    for _ in range(60):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered")
