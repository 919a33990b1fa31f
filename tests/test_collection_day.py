"""Write-off by prescription, the closed collection day and the commands of automatic debit."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from billing.return_file import ReturnHeader
from models import AuditLog, Invoice, InvoiceStatus, unit_by_uc
from services import settings
from services.collection.bank_returns import import_return
from services.collection.closed_days import DayClosed, NotAllowed, mark_closed, reopen
from services.collection.debit_returns import import_debit_return
from services.collection.prescription import Filters, candidates, reverse, write_off
from services.core.clock import local_today
from services.erp.demo import load_demo
from tests.support.debit_files import Option, build
from tests.support.return_files import build_return

FATURA = str(Path(sys.executable).parent / "fatura")
TODAY = date(2026, 11, 20)


@pytest.fixture
def old(session) -> list[Invoice]:  # type: ignore[no-untyped-def]
    """The demo distributor plus three old open invoices of UC 131030 (6, 7 and 2 years)."""
    load_demo(session, local_today())
    unit = unit_by_uc(session, "131030")
    invoices = [
        Invoice(key=f"OLD-{n}", unit_id=unit.id, reference=ref, due_date=due, amount=Decimal(a))
        for n, (ref, due, a) in enumerate(
            [
                ("2020-05", date(2020, 5, 20), "80.00"),
                ("2019-03", date(2019, 3, 20), "300.00"),
                ("2024-08", date(2024, 8, 20), "50.00"),
            ]
        )
    ]
    session.add_all(invoices)
    session.commit()
    return invoices


def test_only_invoices_older_than_the_setting_are_listed_and_filters_narrow(session, old) -> None:
    assert [i.key for i in candidates(session, TODAY)] == ["OLD-1", "OLD-0"]
    assert [i.key for i in candidates(session, TODAY, Filters(reference="2020-05"))] == ["OLD-0"]
    cheap = Filters(uc="131030", max_amount=Decimal("100.00"))
    assert [i.key for i in candidates(session, TODAY, cheap)] == ["OLD-0"]
    assert candidates(session, TODAY, Filters(uc="999999")) == []
    settings.update(session, {"prescription_years": 1}, "test")
    assert len(candidates(session, TODAY)) == 3


def test_write_off_uses_the_agent_is_audited_and_reversible_until_the_day_closes(
    session, old
) -> None:
    settings.update(session, {"prescription_agent": "BAIXA CADUCIDADE"}, "test")
    young = old[2].id
    assert write_off(session, [old[0].id, old[1].id, young], "joana", TODAY) == 2
    session.expire_all()
    first = session.get(Invoice, old[0].id)
    assert first.status is InvoiceStatus.SETTLED and first.collection_agent == "BAIXA CADUCIDADE"
    assert session.get(Invoice, young).status is InvoiceStatus.OPEN  # too young: untouched
    reverse(session, old[0].id, "joana")
    session.expire_all()
    assert session.get(Invoice, old[0].id).status is InvoiceStatus.OPEN
    actions = session.scalars(select(AuditLog.action).where(AuditLog.entity == "invoice")).all()
    assert sorted(actions).count("invoice.prescription") == 2
    assert "invoice.prescription_reversed" in actions
    mark_closed(session, TODAY, "close-day")
    session.commit()
    with pytest.raises(DayClosed, match="20/11/2026 está fechada"):
        reverse(session, old[1].id, "joana")
    settings.update(session, {"block_closed_day": False}, "test")
    reverse(session, old[1].id, "joana")  # the block is off


def test_a_closed_day_refuses_return_files_and_only_the_allowed_user_reopens(session) -> None:
    load_demo(session, local_today())
    mark_closed(session, TODAY, "close-day")
    session.commit()
    debit = build([Option("131030")], day=TODAY)
    refused = import_debit_return(session, debit, "DEB.txt")
    assert refused.status == "rejected" and "está fechada" in refused.error
    header = ReturnHeader("1", "X", "104", "CAIXA", TODAY, 5, "07")
    assert import_return(session, build_return(header, []), "RET.txt").status == "rejected"
    with pytest.raises(NotAllowed):
        reopen(session, TODAY, "maria")
    settings.update(session, {"collection_sequence_user": "joana"}, "test")
    with pytest.raises(NotAllowed):
        reopen(session, TODAY, "maria")
    assert reopen(session, TODAY, "joana") is True
    assert import_debit_return(session, debit, "DEB.txt").status == "imported"
    audit = session.scalar(select(AuditLog).where(AuditLog.action == "collection.reopen_day"))
    assert audit.actor == "joana" and audit.entity_id == "2026-11-20"


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    """The `fatura` command."""
    return subprocess.run(
        [FATURA, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_commands_write_the_file_import_returns_and_close_the_day(
    db_url, session, tmp_path
) -> None:
    load_demo(session, local_today())
    settings.update(session, {"direct_debit_banks": "341"}, "test")
    env = {**os.environ, "DATABASE_URL": db_url, "APP_ENV": "test"}
    env.pop("REDIS_URL", None)
    opt = tmp_path / "OPT.txt"
    opt.write_bytes(build([Option("131030")], day=local_today()).encode("latin-1"))
    done = run(env, "import-debit-return", str(opt))
    assert done.returncode == 0 and "1 opt-ins" in done.stdout
    assert "already imported" in run(env, "import-debit-return", str(opt)).stdout
    when = (local_today() + timedelta(days=7)).isoformat()  # the demo's recent invoice is due
    out = tmp_path / "out.txt"
    made = run(env, "debit-file", "--bank", "341", "--date", when, "--output", str(out))
    assert made.returncode == 0 and made.stdout.strip() == str(out)
    records = out.read_bytes().split(b"\r\n")
    assert [r[:1] for r in records] == [b"A", b"E", b"Z", b""]
    assert run(env, "debit-file", "--bank", "999").returncode == 1
    denied = run(env, "debit-sequence", "--bank", "341", "--set", "9", "--user", "maria")
    assert denied.returncode == 1 and "Só" in denied.stderr
    bad = tmp_path / "BAD.txt"
    bad.write_text("A2garbage\n")
    assert run(env, "import-debit-return", str(bad)).returncode == 1
    assert "the day is closed" in run(env, "close-day", "--day", "2026-11-20").stdout
