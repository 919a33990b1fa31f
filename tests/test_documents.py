"""Invoice documents read back: text a person sees, symbols a bank app scans, one page."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from billing.arrecadacao import format_line
from models import DeliveryKind, Invoice
from services import settings
from services.collection.payment_view import payment_view
from services.core.clock import LOCAL_TZ
from services.core.storage import LocalStorage
from services.documents.documents import ensure_document
from services.erp.demo import load_demo
from services.erp.importer import import_lines
from tests.support.importing import invoice as invoice_record
from tests.support.importing import jsonl
from tests.support.readback import needs_tools, pdf_text, scan_pdf

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 14, 30, tzinfo=LOCAL_TZ)


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    """The demo distributor on 2026-11-23."""
    load_demo(session, TODAY)
    return session


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    """An empty document store."""
    return LocalStorage(tmp_path / "media")


def by_key(session, key: str) -> Invoice:  # type: ignore[no-untyped-def]
    """The invoice with that ERP id."""
    return session.scalar(select(Invoice).where(Invoice.key == key))


def pages(pdf: bytes, folder: Path) -> int:
    """How many pages the PDF has."""
    path = folder / "count.pdf"
    path.write_bytes(pdf)
    return len(PdfReader(path).pages)


@needs_tools
def test_a_second_copy_reads_back_and_scans_to_its_codes(demo, storage, tmp_path) -> None:
    october = by_key(demo, "F-131030-2026-10")
    view = payment_view(october, settings.load(demo), TODAY)
    pdf = ensure_document(demo, october.id, DeliveryKind.SECOND_COPY, storage, NOW).content
    text = pdf_text(pdf, tmp_path)
    assert "131030" in text and "R$ 245,50" in text and "13/11/2026" in text
    assert format_line(view.barcode) in text
    assert "2ª VIA — emitida em 23/11/2026 14:30" in text
    assert "SEM VALOR FISCAL" not in text
    assert "***.456.789-**" in text and "12345678909" not in text
    assert "Maria da Silva" in text and "10/2026" in text
    for label in ("JUN26", "JUL26", "AGO26", "SET26", "OUT26"):
        assert label in text  # the 12-month chart, up to this competência
    symbols = scan_pdf(pdf, tmp_path)
    assert f"I2/5:{view.barcode}" in symbols
    assert f"QR-Code:{view.pix}" in symbols
    assert any(s.startswith("QR-Code:https://") and october.nf3e_access_key in s for s in symbols)
    assert pages(pdf, tmp_path) == 1


@needs_tools
def test_the_unauthorised_mark_appears_exactly_while_nf3e_is_null(demo, storage, tmp_path) -> None:
    november = by_key(demo, "F-131030-2026-11")
    october = by_key(demo, "F-131030-2026-10")
    unauthorised = ensure_document(demo, november.id, DeliveryKind.FIRST_COPY, storage, NOW)
    authorised = ensure_document(demo, october.id, DeliveryKind.FIRST_COPY, storage, NOW)
    assert "SEM VALOR FISCAL — AGUARDANDO AUTORIZAÇÃO" in pdf_text(unauthorised.content, tmp_path)
    assert "SEM VALOR FISCAL" not in pdf_text(authorised.content, tmp_path)
    assert "2ª VIA" not in pdf_text(authorised.content, tmp_path)


@needs_tools
def test_a_paid_invoice_says_why_there_is_nothing_to_pay(demo, storage, tmp_path) -> None:
    june = by_key(demo, "F-131030-2026-06")
    pdf = ensure_document(demo, june.id, DeliveryKind.SECOND_COPY, storage, NOW).content
    assert "paga" in pdf_text(pdf, tmp_path)
    assert not [s for s in scan_pdf(pdf, tmp_path) if s.startswith("I2/5:")]


@needs_tools
def test_a_twelve_item_invoice_is_one_page(demo, storage, tmp_path) -> None:
    items = [
        {
            "description": f"Item de teste número {n}",
            "quantity": "1",
            "unit_price": "10.00",
            "amount": "10.00",
        }
        for n in range(1, 13)
    ]
    record = invoice_record(
        key="F-12",
        reference="2026-11",
        due_date="2026-12-10",
        amount="120.00",
        items=items,
        taxes={"icms": "21.60", "pis": "1.98", "cofins": "9.12"},
        cosip="18.50",
    )
    import_lines(demo, jsonl(record).splitlines(), lambda n, r: pytest.fail(r))
    pdf = ensure_document(
        demo, by_key(demo, "F-12").id, DeliveryKind.SECOND_COPY, storage, NOW
    ).content
    assert pages(pdf, tmp_path) == 1
    text = pdf_text(pdf, tmp_path)
    assert all(f"Item de teste número {n}" in text for n in range(1, 13))
    assert "ICMS" in text and "R$ 21,60" in text and "COSIP" in text


@needs_tools
def test_the_payment_slip_is_one_page_with_the_payment_block(demo, storage, tmp_path) -> None:
    october = by_key(demo, "F-131030-2026-10")
    view = payment_view(october, settings.load(demo), TODAY)
    pdf = ensure_document(demo, october.id, DeliveryKind.PAYMENT_SLIP, storage, NOW).content
    assert pages(pdf, tmp_path) == 1
    text = pdf_text(pdf, tmp_path)
    assert format_line(view.barcode) in text and "Itens da fatura" not in text
    assert settings.load(demo).slip_message in " ".join(text.split())
    symbols = scan_pdf(pdf, tmp_path)
    assert f"I2/5:{view.barcode}" in symbols and f"QR-Code:{view.pix}" in symbols


def test_asking_again_renders_nothing(demo, storage, tmp_path) -> None:
    october = by_key(demo, "F-131030-2026-10")
    first = ensure_document(demo, october.id, DeliveryKind.FIRST_COPY, storage, NOW)
    again = ensure_document(demo, october.id, DeliveryKind.FIRST_COPY, storage, NOW)
    assert not first.cached and again.cached and again.content == first.content
    assert len(list((tmp_path / "media").iterdir())) == 1
    slip = ensure_document(demo, october.id, DeliveryKind.PAYMENT_SLIP, storage, NOW)
    assert not slip.cached and slip.key != first.key


def test_new_data_or_parameters_give_a_new_document(demo, storage) -> None:
    october = by_key(demo, "F-131030-2026-10")
    first = ensure_document(demo, october.id, DeliveryKind.FIRST_COPY, storage, NOW)
    october.version += 1
    demo.commit()
    changed = ensure_document(demo, october.id, DeliveryKind.FIRST_COPY, storage, NOW)
    assert not changed.cached and changed.key != first.key
    settings.update(demo, {"febraban_company_code": "0138"}, "test")
    recoded = ensure_document(demo, october.id, DeliveryKind.FIRST_COPY, storage, NOW)
    assert not recoded.cached and recoded.key != changed.key
    late = datetime(2026, 12, 20, 9, 0, tzinfo=LOCAL_TZ)  # payable period over since 13/12
    expired = ensure_document(demo, october.id, DeliveryKind.FIRST_COPY, storage, late)
    assert not expired.cached
