"""`fatura import` (docs/interfaces.md): upserts, line-numbered errors, idempotence, decimals."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Consumer, Invoice, InvoiceItem, InvoiceStatus, Unit
from services.erp.importer import import_lines
from tests.support.importing import consumer, invoice, jsonl, unit

FATURA = str(Path(sys.executable).parent / "fatura")


def run_import(session, text: str, batch_size: int = 1000):  # type: ignore[no-untyped-def]
    """Import `text`; return the report and the (line, reason) errors."""
    errors: list[tuple[int, str]] = []
    report = import_lines(
        session,
        text.splitlines(keepends=True),
        lambda n, r: errors.append((n, r)),
        batch_size=batch_size,
    )
    return report, errors


def test_a_good_file_creates_consumer_unit_and_invoice(session) -> None:
    report, errors = run_import(session, jsonl(consumer(), unit(), invoice()))
    assert errors == [] and report.failed == 0
    stored = session.scalar(select(Invoice).where(Invoice.key == "F-131030-2026-10"))
    assert stored.amount == Decimal("245.50")
    assert stored.unit.uc == "131030"
    assert stored.unit.consumer.document == "12345678909"
    assert [p.phone for p in stored.unit.consumer.phones] == ["+5531999990000"]
    assert stored.items[0].unit_price == Decimal("0.45123")
    assert stored.nf3e_access_key == "35251202302100000106660000065543841048823644"
    assert stored.nf3e_authorized_at.isoformat() == "2026-10-05T13:00:00+00:00"
    assert stored.reading_previous.isoformat() == "2026-09-04"
    assert report.summary() == (
        "consumer: 1 inserted; unit: 1 inserted; invoice: 1 inserted; 0 lines failed"
    )
    assert len(report.new_invoice_ids) == 1


BAD_LINES = [
    ("{not json", "not valid JSON"),
    ('["a list"]', "must be a JSON object"),
    ({"type": "meter"}, "type must be consumer, unit or invoice"),
    (consumer(document="12345678900"), "dígitos verificadores"),
    (consumer(phones=["12"]), "telefone inválido"),
    (consumer(email="not-an-email"), "e-mail inválido"),
    ({"type": "consumer", "document": "12345678909"}, "name is required"),
    (invoice(amount=245.5), 'amount must be a decimal string such as "245.50", not a number'),
    (invoice(amount=245), "not a number"),
    (invoice(amount="245.505"), "more than two decimal places"),
    (invoice(amount="-1.00"), "must not be negative"),
    (invoice(amount="abc"), "not a decimal number"),
    (invoice(due_date="20/10/2026"), "due_date '20/10/2026' is not a date"),
    (invoice(reference="2026-13"), "reference '2026-13' is malformed"),
    (invoice(kind="water"), "kind must be one of energy, other"),
    (invoice(status="late"), "status must be one of open, paid, cancelled"),
    (invoice(kwh=-3), "kwh must be a whole non-negative number"),
    (invoice(items=[{"description": "x", "amount": 1.5}]), "items[1].amount must be a decimal"),
    (
        invoice(
            nf3e={
                "number": "1",
                "series": "1",
                "access_key": "35251202302100000106660000065543841048823645",
            }
        ),
        "nf3e.access_key",
    ),
    (invoice(reading={"previous": "2026-10-04", "current": "2026-09-04"}), "before"),
    (invoice(uc="999999"), "UC 999999 was not defined before"),
    (unit(uc="555", document="11222333000181"), "no consumer with that document"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES, ids=[r for _, r in BAD_LINES])
def test_a_bad_line_is_reported_with_its_number_and_the_rest_imported(
    session, line: object, reason: str
) -> None:
    text = jsonl(consumer(), unit(), line, invoice(key="F-OK"))  # type: ignore[arg-type]
    report, errors = run_import(session, text)
    assert report.failed == 1
    assert len(errors) == 1 and errors[0][0] == 3
    assert reason in errors[0][1]
    assert session.scalar(select(Invoice.key)) == "F-OK"
    assert session.scalar(select(func.count()).select_from(Invoice)) == 1


def test_reimporting_the_same_file_changes_nothing(session) -> None:
    text = jsonl(consumer(), unit(), invoice(), invoice(key="F-2", reference="2026-11"))
    run_import(session, text)
    before = [(i.key, i.version, i.updated_at) for i in session.scalars(select(Invoice))]
    consumer_row = session.scalar(select(Consumer))
    stamp = consumer_row.updated_at
    session.expunge_all()
    report, errors = run_import(session, text)
    assert errors == []
    assert report.summary() == (
        "consumer: 1 unchanged; unit: 1 unchanged; invoice: 2 unchanged; 0 lines failed"
    )
    after = [(i.key, i.version, i.updated_at) for i in session.scalars(select(Invoice))]
    assert after == before
    assert session.scalar(select(Consumer)).updated_at == stamp
    assert report.new_invoice_ids == []
    assert session.scalar(select(func.count()).select_from(InvoiceItem)) == 2


def test_a_changed_invoice_is_updated_with_a_new_version(session) -> None:
    run_import(session, jsonl(consumer(), unit(), invoice()))
    changed = invoice(amount="250.00", items=[{"description": "Outro", "amount": "250.00"}])
    report, _ = run_import(session, jsonl(changed))
    assert report.counts["invoice.updated"] == 1
    session.expunge_all()
    stored = session.scalar(select(Invoice))
    assert (stored.amount, stored.version) == (Decimal("250.00"), 2)
    assert [i.description for i in stored.items] == ["Outro"]


@pytest.mark.parametrize("batch_size", [1000, 3])
def test_an_invoice_repeated_in_one_file_keeps_the_last_line(session, batch_size: int) -> None:
    """New invoices are inserted together at the end of each batch: a repeat in the same
    batch or the next must still count as one insert then updates, and the last line wins."""
    changed = invoice(amount="250.00", items=[{"description": "Outro", "amount": "250.00"}])
    text = jsonl(consumer(), unit(), invoice(), invoice(), changed, invoice(key="F-2"))
    report, errors = run_import(session, text, batch_size=batch_size)
    assert errors == []
    assert report.counts["invoice.inserted"] == 2
    assert report.counts["invoice.unchanged"] == 1 and report.counts["invoice.updated"] == 1
    assert len(report.new_invoice_ids) == 2
    session.expunge_all()
    stored = session.scalar(select(Invoice).where(Invoice.key == "F-131030-2026-10"))
    assert stored.amount == Decimal("250.00")
    assert [i.description for i in stored.items] == ["Outro"]
    assert stored.version == (1 if batch_size == 1000 else 2)  # stored once, or then changed
    assert sorted(report.new_invoice_ids) == sorted(session.scalars(select(Invoice.id)))


def test_phones_replaced_keeping_a_common_number(session) -> None:
    run_import(session, jsonl(consumer(phones=["31999990000", "31988887777"])))
    report, errors = run_import(session, jsonl(consumer(phones=["31988887777"])))
    assert errors == [] and report.counts["consumer.updated"] == 1
    session.expunge_all()
    assert [p.phone for p in session.scalar(select(Consumer)).phones] == ["+5531988887777"]


def test_unknown_fields_are_kept_not_fatal(session) -> None:
    text = jsonl(
        consumer(segment="residencial"),
        unit(),
        invoice(taxes={"icms": "44.19", "rate": 0.18}, cosip="18.50"),
    )
    _, errors = run_import(session, text)
    assert errors == []
    stored = session.scalar(select(Invoice))
    assert stored.extra == {"taxes": {"icms": "44.19", "rate": "0.18"}, "cosip": "18.50"}
    assert session.scalar(select(Consumer)).extra == {"segment": "residencial"}


def test_references_must_be_defined_by_the_database_or_an_earlier_line(session) -> None:
    text = jsonl(invoice(), unit(), consumer(), unit(), invoice())
    report, errors = run_import(session, text, batch_size=2)
    assert [n for n, _ in errors] == [1, 2]
    assert report.counts["invoice.inserted"] == 1
    later, later_errors = run_import(session, jsonl(invoice(key="F-NEXT")))
    assert later_errors == [] and later.counts["invoice.inserted"] == 1


def test_an_erp_open_does_not_reopen_a_settled_invoice(session) -> None:
    run_import(session, jsonl(consumer(), unit(), invoice()))
    stored = session.scalar(select(Invoice))
    stored.status = InvoiceStatus.PAID
    session.commit()
    run_import(session, jsonl(invoice()))
    session.expunge_all()
    assert session.scalar(select(Invoice)).status is InvoiceStatus.PAID
    run_import(session, jsonl(invoice(status="cancelled")))
    session.expunge_all()
    assert session.scalar(select(Invoice)).status is InvoiceStatus.CANCELLED


def test_blank_lines_are_skipped_but_counted(session) -> None:
    report, errors = run_import(session, "\n" + jsonl(consumer()) + "\n" + "{bad\n")
    assert errors[0][0] == 4 and report.counts["consumer.inserted"] == 1


def _cli(args: list[str], db_url: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": db_url, "APP_ENV": "test"}
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [FATURA, *args], input=stdin, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_command_reports_lines_and_exits_1_when_any_failed(db_url, tmp_path, session) -> None:
    path = tmp_path / "erp.jsonl"
    path.write_text(jsonl(consumer(), unit(), invoice(amount=1.5), invoice(key="F-2")))
    result = _cli(["import", str(path)], db_url)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        'line 3: amount must be a decimal string such as "245.50", not a number'
    ]
    assert "invoice: 1 inserted" in result.stdout
    assert session.scalar(select(func.count()).select_from(Unit)) == 1


def test_the_command_reads_stdin_and_exits_0_on_a_clean_file(db_url) -> None:
    text = jsonl(consumer(), unit(), invoice())
    first = _cli(["import", "-"], db_url, stdin=text)
    assert first.returncode == 0, first.stderr
    second = _cli(["import", "-"], db_url, stdin=text)
    assert second.returncode == 0
    assert "invoice: 1 unchanged" in second.stdout


def test_the_command_names_an_unreadable_file(db_url, tmp_path) -> None:
    result = _cli(["import", str(tmp_path / "missing.jsonl")], db_url)
    assert result.returncode == 1
    assert "cannot read" in result.stderr
