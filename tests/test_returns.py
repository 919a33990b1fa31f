"""Bank return files: invoices paid, differences carried over, unknown documents kept."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from billing.arrecadacao import build_barcode
from billing.return_file import ReturnHeader
from models import Adjustment, Invoice, InvoiceStatus, ReturnFile, UnknownPayment
from services import settings
from services.collection.bank_returns import import_return
from services.collection.payment_view import payment_view
from services.core.clock import local_today
from services.erp.demo import load_demo
from tests.support.return_files import ReturnPaymentInput, build_return

FATURA = str(Path(sys.executable).parent / "fatura")
HEADER = ReturnHeader(
    convenio="12345",
    company="DISTRIBUIDORA DEMO",
    bank_code="001",
    bank_name="BANCO DO BRASIL",
    file_date=date(2026, 11, 23),
    sequence=7,
    layout_version="07",
)


@pytest.fixture
def october(session) -> Invoice:  # type: ignore[no-untyped-def]
    """The demo's open October invoice (R$ 245,50)."""
    load_demo(session, local_today())
    invoices = session.scalars(
        select(Invoice).where(Invoice.status == InvoiceStatus.OPEN).order_by(Invoice.reference)
    ).all()
    return next(i for i in invoices if i.unit.uc == "131030")


def barcode(session, invoice: Invoice) -> str:  # type: ignore[no-untyped-def]
    """The barcode we give for the invoice today."""
    return payment_view(invoice, settings.load(session), local_today()).barcode


def a_file(*payments: tuple[str, int], sequence: int = 7, **overrides: int) -> str:
    """A return file paying (barcode, cents) pairs on 2026-11-21."""
    header = dataclasses.replace(HEADER, sequence=sequence)
    return build_return(
        header,
        [
            ReturnPaymentInput(
                barcode=b,
                amount_cents=c,
                paid_on=date(2026, 11, 21),
                credited_on=date(2026, 11, 22),
                channel="3",
            )
            for b, c in payments
        ],
        **overrides,
    )


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    """Rows of a table."""
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_valid_file_marks_the_invoice_paid(session, october) -> None:
    summary = import_return(session, a_file((barcode(session, october), 24550)), "ret.txt")
    assert summary.status == "imported" and summary.paid == 1 and summary.unknown == 0
    session.expire_all()
    paid = session.get(Invoice, october.id)
    assert paid.status is InvoiceStatus.PAID and paid.paid_amount == Decimal("245.50")
    assert paid.paid_at == date(2026, 11, 21) and paid.credited_at == date(2026, 11, 22)
    assert paid.collection_agent == "001 BANCO DO BRASIL"
    assert paid.payment_channel == "internet/celular"
    assert count(session, Adjustment) == 0


def test_the_same_file_twice_changes_nothing(session, october) -> None:
    text = a_file((barcode(session, october), 24550))
    import_return(session, text, "ret.txt")
    again = import_return(session, text, "ret-copy.txt")
    assert again.status == "duplicate"
    assert count(session, ReturnFile) == 1 and count(session, UnknownPayment) == 0


@pytest.mark.parametrize(
    ("how", "reason"),
    [("malformed", "line 2"), ("short", "line 2"), ("count", "count"), ("total", "total")],
)
def test_a_bad_file_is_rejected_whole_and_kept(session, october, how, reason) -> None:
    good = a_file((barcode(session, october), 24550), ("8" * 44, 1000))
    lines = good.splitlines()
    text = {
        "malformed": "\n".join(
            [lines[0], lines[1][:81] + "ABCDEFGHIJKL" + lines[1][93:], *lines[2:]]
        ),
        "short": "\n".join([lines[0], lines[1][:149], *lines[2:]]),
        "count": a_file((barcode(session, october), 24550), count_override=9),
        "total": a_file((barcode(session, october), 24550), total_override=1),
    }[how]
    summary = import_return(session, text, "bad.txt")
    assert summary.status == "rejected" and reason in summary.error
    session.expire_all()
    assert session.get(Invoice, october.id).status is InvoiceStatus.OPEN
    kept = session.scalar(select(ReturnFile))
    assert kept.status == "rejected" and kept.content == text and kept.error
    assert count(session, UnknownPayment) == 0


def test_an_unknown_barcode_goes_to_unknown_documents(session, october, client, auth) -> None:
    stranger = "83690000001000000019000000000000000999999999"
    summary = import_return(session, a_file((stranger, 10000)), "ret.txt")
    assert summary.unknown == 1 and summary.paid == 0
    items = client.get("/api/v1/unknown-payments", headers=auth).get_json()["items"]
    assert [(i["barcode"], i["amount"], i["file"]) for i in items] == [
        (stranger, "100.00", "ret.txt")
    ]
    assert items[0]["paid_on"] == "2026-11-21" and items[0]["reason"]


def test_a_document_number_beyond_any_invoice_id_is_unknown_not_a_crash(session, october) -> None:
    """Our company code with a document number no invoice id can reach (a foreign or mistyped
    barcode): PostgreSQL's INTEGER would refuse it in the lookup and fail the whole file."""
    company, due = settings.load(session).febraban_company_code, october.due_date
    huge = build_barcode(segment="3", value_id="6", amount_cents=10000, company_code=company,
                         due_date=due, document_number=10**12 + october.id)  # fmt: skip
    paid = (barcode(session, october), 24550)
    summary = import_return(session, a_file(paid, (huge, 10000)), "ret.txt")
    assert summary.status == "imported" and (summary.paid, summary.unknown) == (1, 1)


@pytest.mark.parametrize(
    ("cents", "charge"), [(20000, Decimal("45.50")), (30000, Decimal("-54.50"))]
)
def test_partial_and_excess_payments_carry_the_difference(session, october, cents, charge) -> None:
    summary = import_return(session, a_file((barcode(session, october), cents)), "ret.txt")
    assert summary.paid == 1 and summary.charges + summary.credits == 1
    adjustment = session.scalar(select(Adjustment))
    assert adjustment.amount == charge and adjustment.unit_id == october.unit_id


def test_with_differences_off_nothing_is_carried(session, october) -> None:
    settings.update(session, {"charge_return_difference": False}, "test")
    import_return(session, a_file((barcode(session, october), 20000)), "ret.txt")
    assert count(session, Adjustment) == 0


def test_the_command_prints_a_summary_and_exits_1_on_rejection(
    db_url, session, october, tmp_path
) -> None:
    good = tmp_path / "RET001.txt"
    good.write_bytes(a_file((barcode(session, october), 24550)).encode("latin-1"))
    env = {**os.environ, "DATABASE_URL": db_url, "APP_ENV": "test"}
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [FATURA, "import-return", str(good)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "1 invoices paid" in done.stdout
    bad = tmp_path / "RET002.txt"
    bad.write_text("A2garbage\n")
    refused = subprocess.run(
        [FATURA, "import-return", str(bad)], env=env, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 1 and "REJECTED" in refused.stderr


def test_invoices_below_the_minimum_are_settled_and_never_given_a_code(session, october) -> None:
    from services.collection.settlement import settle_below_minimum

    assert settle_below_minimum(session, date(2026, 11, 23)) == 0  # minimum 0.00: off
    settings.update(
        session,
        {"min_settlement_amount": "300.00", "zero_invoice_agent": "QUITACAO AUTOMATICA"},
        "test",
    )
    settled = settle_below_minimum(session, date(2026, 11, 23))
    session.expire_all()
    stored = session.get(Invoice, october.id)
    assert settled >= 1 and stored.status is InvoiceStatus.SETTLED
    assert stored.collection_agent == "QUITACAO AUTOMATICA"
    view = payment_view(stored, settings.load(session), local_today())
    assert view.reason == "below_minimum"
