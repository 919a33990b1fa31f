"""GET /api/v1/invoices/<id>: the invoice and the payment codes valid today (docs/interfaces.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from billing.pix import parse_pix
from models import Invoice, InvoiceStatus, Unit
from services import settings
from services.erp.importer import import_lines
from tests.support.importing import consumer, invoice, jsonl, unit

VECTOR_BARCODE = "83680000002455001382026041500000000123456789"
VECTOR_LINE = "836800000025455001382023604150000007001234567897"


@pytest.fixture
def vector_invoice(session, monkeypatch):  # type: ignore[no-untyped-def]
    """docs/payment-codes.md's energy vector: R$ 245,50, company 0138, due 2026-04-15, number
    123456789; "today" is pinned by the test."""
    import_lines(session, jsonl(consumer(), unit()).splitlines(), lambda n, r: None)
    uc = session.scalar(select(Unit))
    session.add(
        Invoice(
            id=123456789,
            key="F-131030-2026-04",
            unit=uc,
            reference="2026-04",
            due_date=date(2026, 4, 15),
            amount=Decimal("245.50"),
        )
    )
    session.commit()
    settings.update(
        session,
        {
            "febraban_company_code": "0138",
            "pix_key": "02302100000106",
            "pix_merchant_name": "Distribuidora Energia SA",
            "pix_merchant_city": "Belo Horizonte",
        },
        "test",
    )

    def pin(day: date) -> None:
        monkeypatch.setattr("api.invoices.local_today", lambda: day)

    return pin


def test_an_open_invoice_has_the_febraban_codes_and_pix(client, auth, vector_invoice) -> None:
    vector_invoice(date(2026, 4, 10))
    body = client.get("/api/v1/invoices/F-131030-2026-04", headers=auth).get_json()
    payment = body["payment"]
    assert payment["barcode"] == VECTOR_BARCODE
    assert payment["digitable_line"] == VECTOR_LINE
    assert payment["payable_until"] == "2026-05-15"
    pix = parse_pix(payment["pix"])
    assert pix.amount_cents == 24550 and pix.key == "02302100000106"
    assert body["id"] == "F-131030-2026-04" and body["uc"] == "131030"
    assert body["amount"] == "245.50" and body["status"] == "open"
    assert body["paid_at"] is None and body["collection_agent"] is None


def test_the_last_payable_day_and_the_day_after(client, auth, vector_invoice) -> None:
    vector_invoice(date(2026, 5, 15))
    ok = client.get("/api/v1/invoices/F-131030-2026-04", headers=auth).get_json()
    assert ok["payment"]["barcode"] == VECTOR_BARCODE
    vector_invoice(date(2026, 5, 16))
    late = client.get("/api/v1/invoices/F-131030-2026-04", headers=auth).get_json()
    assert late["payment"]["refused"] == "payable_period_over"
    assert "15/05/2026" in late["payment"]["message"]


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (InvoiceStatus.PAID, "paid"),
        (InvoiceStatus.CANCELLED, "cancelled"),
        (InvoiceStatus.CONSOLIDATED, "consolidated"),
        (InvoiceStatus.SETTLED, "below_minimum"),
    ],
)
def test_no_code_for_an_invoice_that_cannot_be_paid(
    client, auth, session, vector_invoice, status, reason
) -> None:
    vector_invoice(date(2026, 4, 10))
    stored = session.get(Invoice, 123456789)
    stored.status = status
    session.commit()
    body = client.get("/api/v1/invoices/F-131030-2026-04", headers=auth).get_json()
    assert body["payment"]["refused"] == reason and body["payment"]["message"]
    assert "barcode" not in body["payment"]


def test_below_the_minimum_no_code_is_offered(client, auth, session, vector_invoice) -> None:
    vector_invoice(date(2026, 4, 10))
    settings.update(session, {"min_settlement_amount": "300.00"}, "test")
    body = client.get("/api/v1/invoices/F-131030-2026-04", headers=auth).get_json()
    assert body["payment"]["refused"] == "below_minimum"


def test_boleto_mode_gives_a_47_digit_line(client, auth, session, vector_invoice) -> None:
    vector_invoice(date(2026, 4, 10))
    settings.update(session, {"barcode_type": "boleto", "bank_convenio": "1234567"}, "test")
    payment = client.get("/api/v1/invoices/F-131030-2026-04", headers=auth).get_json()["payment"]
    assert len(payment["barcode"]) == 44 and payment["barcode"].startswith("0019")
    assert len(payment["digitable_line"]) == 47


def test_pix_is_absent_while_no_pix_key(client, auth, session, vector_invoice) -> None:
    vector_invoice(date(2026, 4, 10))
    settings.update(session, {"pix_key": ""}, "test")
    payment = client.get("/api/v1/invoices/F-131030-2026-04", headers=auth).get_json()["payment"]
    assert payment["pix"] is None and payment["barcode"] == VECTOR_BARCODE


def test_the_imported_fields_come_back(client, auth, session) -> None:
    import_lines(
        session, jsonl(consumer(), unit(), invoice(cosip="18.50")).splitlines(), lambda n, r: None
    )
    body = client.get("/api/v1/invoices/F-131030-2026-10", headers=auth).get_json()
    assert body["reading"] == {"previous": "2026-09-04", "current": "2026-10-04"}
    assert body["items"] == [
        {
            "description": "Consumo TUSD",
            "quantity": "215",
            "unit_price": "0.45123",
            "amount": "97.01",
        }
    ]
    assert body["nf3e"]["access_key"] == "35251202302100000106660000065543841048823644"
    assert body["cosip"] == "18.50" and body["kwh"] == 215


def test_unknown_invoice_is_404_and_auth_is_required(client, auth) -> None:
    missing = client.get("/api/v1/invoices/F-NOPE", headers=auth)
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"
    assert client.get("/api/v1/invoices/F-NOPE").status_code == 401
