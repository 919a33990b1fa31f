"""The demo distributor of `fatura demo-data` / `make run`: UC 131030, teste@teste.com, six months.

Loaded through the same import path the ERP uses. Dates are relative to today so the demo
always has one overdue invoice (still payable) and one recent, not yet authorised invoice.
Running it again changes nothing (the import upserts; settings already changed are kept).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.nf3e import check_digit
from models import Enrollment, EnrollmentMedium, Setting, unit_by_uc
from services import settings
from services.erp.importer import ImportReport, import_lines

DEMO_UC = "131030"
DEMO_EMAIL = "teste@teste.com"
DEMO_DOCUMENT = "12345678909"
DEMO_PHONE = "+5531999990000"
ISSUER_CNPJ = "02302100000106"
DEMO_SETTINGS = {
    "channel_product_enabled": True,
    "issuer_name": "Distribuidora Demo de Energia S.A.",
    "issuer_cnpj": ISSUER_CNPJ,
    "issuer_address": "Av. Afonso Pena, 1000 - Centro - Belo Horizonte/MG - 30130-000",
    "contact_phone": "0800 000 0116",
    "contact_url": "https://distribuidora-demo.example/atendimento",
    "pix_key": "02302100000106",
    "pix_merchant_name": "Distribuidora Demo",
    "pix_merchant_city": "Belo Horizonte",
    "slip_message": "Pague pelo app do seu banco com o código de barras ou o PIX.",
    "zero_invoice_agent": "QUITACAO AUTOMATICA",
    "updated_debt_agent": "AGENCIA VIRTUAL",
    "outage_phone": "0800 000 0000",
    "outage_url": "https://distribuidora-demo.example/falta-de-energia",
    "outage_message": "Fique longe de fios caídos e avise a todos em casa. "
    "Se a falta for só na sua casa, confira o disjuntor antes de informar.",
}
AMOUNTS = ("198.37", "212.40", "231.15", "260.80", "245.50", "239.90")


def _month(today: date, back: int) -> date:
    """The first day of the month `back` months before today's."""
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    return date(year, month + 1, 1)


def access_key(issue: date, number: int) -> str:
    """A well-formed NF3e access key for a demo invoice (state 31 = MG, model 66)."""
    body = f"31{issue:%y%m}{ISSUER_CNPJ}66001{number:09d}11{number * 7919 % 10**7:07d}"
    return body + str(check_digit(body))


def _items(amount: Decimal, kwh: int) -> list[dict[str, str]]:
    """TUSD, TE and COSIP lines adding up to the invoice's amount."""
    cosip = Decimal("18.50")
    tusd = ((amount - cosip) * Decimal("0.46")).quantize(Decimal("0.01"))
    te = amount - cosip - tusd
    return [
        {
            "description": "Consumo Uso Sistema [KWh]-TUSD",
            "quantity": str(kwh),
            "unit_price": str((tusd / kwh).quantize(Decimal("0.00001"))),
            "amount": str(tusd),
        },
        {
            "description": "Consumo [KWh]-TE",
            "quantity": str(kwh),
            "unit_price": str((te / kwh).quantize(Decimal("0.00001"))),
            "amount": str(te),
        },
        {"description": "Contrib. Ilum. Pública - COSIP", "amount": str(cosip)},
    ]


def _invoice(uc: str, today: date, back: int, amount: str, number: int) -> dict[str, object]:
    """One demo invoice `back` months ago: paid, overdue (back=1) or recent and unauthorised."""
    first = _month(today, back)
    issue, due = first + timedelta(days=4), first + timedelta(days=19)
    status, nf3e_ok = ("paid" if back > 1 else "open"), back > 0
    if back == 1:
        issue, due = today - timedelta(days=25), today - timedelta(days=10)
    if back == 0:
        issue, due = today - timedelta(days=3), today + timedelta(days=12)
    kwh = 180 + number * 7 % 60
    record: dict[str, object] = {
        "type": "invoice",
        "id": f"F-{uc}-{first:%Y-%m}",
        "uc": uc,
        "reference": f"{first:%Y-%m}",
        "kind": "energy",
        "issue_date": issue.isoformat(),
        "due_date": due.isoformat(),
        "amount": amount,
        "status": status,
        "kwh": kwh,
        "reading": {
            "previous": (issue - timedelta(days=31)).isoformat(),
            "current": (issue - timedelta(days=1)).isoformat(),
        },
        "items": _items(Decimal(amount), kwh),
        "nf3e": None,
    }
    if nf3e_ok:
        record["nf3e"] = {
            "number": str(number),
            "series": "1",
            "access_key": access_key(issue, number),
            "protocol": f"3312{number:011d}",
            "authorized_at": f"{issue.isoformat()}T10:00:00-03:00",
        }
    return record


def demo_records(today: date) -> Iterator[dict[str, object]]:
    """The demo's consumers, units and invoices as import records."""
    yield {
        "type": "consumer",
        "document": DEMO_DOCUMENT,
        "name": "Maria da Silva",
        "phones": [DEMO_PHONE],
        "email": DEMO_EMAIL,
    }
    yield {
        "type": "unit",
        "uc": DEMO_UC,
        "document": DEMO_DOCUMENT,
        "address": "Rua das Flores, 100 - Santa Efigênia - Belo Horizonte/MG",
    }
    yield {
        "type": "consumer",
        "document": "11222333000181",
        "name": "Padaria Pão Quente Ltda",
        "phones": ["+5531988887777"],
        "email": "contato@paoquente.com.br",
    }
    yield {
        "type": "unit",
        "uc": "220045",
        "document": "11222333000181",
        "address": "Av. do Contorno, 5000 - Funcionários - Belo Horizonte/MG",
    }
    for back, amount in zip(range(5, -1, -1), AMOUNTS, strict=True):
        yield _invoice(DEMO_UC, today, back, amount, 65540 + 5 - back)
    for back in range(2, -1, -1):
        yield _invoice("220045", today, back, AMOUNTS[back], 77000 + 2 - back)


def load_demo(session: Session, today: date) -> ImportReport:
    """Import the demo records, enrol teste@teste.com, and fill in unset demo settings."""
    lines = (json.dumps(record, ensure_ascii=False) for record in demo_records(today))
    errors: list[str] = []
    report = import_lines(session, lines, lambda n, reason: errors.append(f"line {n}: {reason}"))
    if errors:
        raise RuntimeError("demo data failed to import: " + "; ".join(errors))
    _enroll_demo_email(session)
    stored = set(session.scalars(select(Setting.name)))
    settings.update(session, {k: v for k, v in DEMO_SETTINGS.items() if k not in stored}, "demo")
    return report


def _enroll_demo_email(session: Session) -> None:
    """Enrol teste@teste.com for UC 131030 (digital only), as in the ERP manual's example."""
    unit = unit_by_uc(session, DEMO_UC)
    assert unit is not None
    exists = session.scalar(
        select(Enrollment.id).where(
            Enrollment.unit_id == unit.id,
            Enrollment.medium == EnrollmentMedium.EMAIL,
            Enrollment.destination == DEMO_EMAIL,
        )
    )
    if exists is None:
        session.add(
            Enrollment(
                unit_id=unit.id,
                medium=EnrollmentMedium.EMAIL,
                destination=DEMO_EMAIL,
                keep_printed=False,
                created_by="demo",
            )
        )
        session.commit()
