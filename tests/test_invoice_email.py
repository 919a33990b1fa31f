"""The invoice e-mail as the consumer's mail server receives it (a real in-process SMTP server):
text and HTML alternatives with the PDF, the codes only while payable, the cancel headers."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from billing import arrecadacao
from billing.pix import parse_pix
from models import DeliveryKind, DeliveryMedium, Invoice, utcnow
from services import settings
from services.core.clock import local_today
from services.delivery import staff_copies
from tests.support.notices import api_invoice, issue
from tests.support.smtp import PUBLIC, parts, received
from workers.jobs import enqueue_deliveries

TO = "teste@teste.com"
LONG_DIGITS = re.compile(r"(?<!\d)\d{44,48}(?!\d)")


@pytest.fixture
def mail(mail_app):  # type: ignore[no-untyped-def]
    """The app sending through a local SMTP server, and what the server received."""
    return mail_app


def test_the_invoice_email_has_text_html_and_the_pdf(mail, auth) -> None:  # type: ignore[no-untyped-def]
    app, recorder = mail
    body = api_invoice("F-MAIL-1", amount="245.50", kwh=215)
    issue(app, app.test_client(), auth, body)
    (message,) = received(recorder, TO)
    text, html, pdf = parts(message)
    line = app.test_client().get("/api/v1/invoices/F-MAIL-1", headers=auth).get_json()["payment"]
    due = f"{body['due_date'][8:10]}/{body['due_date'][5:7]}/{body['due_date'][:4]}"
    for part in (text, html):
        assert "R$ 245,50" in part and due in part and "UC 131030" in part.replace("<b style", "")
        assert line["digitable_line"] in part and line["pix"] in part
        assert "Maria" in part and "Rua das Fl***" in part and "215 kWh" in part
        assert "t***@teste.com" in part and TO not in part  # the address itself is not shown
    assert "Distribuidora Demo de Energia S.A." in html and "0800 000 0116" in html
    assert message["Subject"].startswith("Fatura ") and "UC 131030" in message["Subject"]
    decoded = arrecadacao.parse(re.search(r"\b\d{48}\b", html)[0])  # the digits as a bank reads
    assert decoded.amount_cents == 24550 and decoded.due_date.isoformat() == body["due_date"]
    assert parse_pix(line["pix"]).amount_cents == 24550
    page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "131030" in page and "245,50" in page


def test_the_headers_carry_one_click_unsubscribe(mail, auth) -> None:  # type: ignore[no-untyped-def]
    app, recorder = mail
    issue(app, app.test_client(), auth, api_invoice("F-MAIL-2"))
    (message,) = received(recorder, TO)
    https, mailto = [t.strip(" <>") for t in message["List-Unsubscribe"].split(",")]
    assert re.fullmatch(rf"{PUBLIC}/cancelar/[\w.-]+", https)
    assert mailto == "mailto:fatura@distribuidora-demo.example?subject=cancelar%20fatura%20digital"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    raw = recorder.envelopes[-1].content
    assert f"List-Unsubscribe: <{https}>".encode() in raw  # one line, no encoded words
    _, html, _ = parts(message)
    assert f'href="{https}"' in html  # the footer's link is the same one


@pytest.mark.parametrize(
    ("why", "fields", "note"),
    [
        ("paid", {"status": "paid"}, "já está paga"),
        ("below the minimum", {"amount": "4.90"}, "não precisa pagar"),
        ("past its payable period", {"due": -45}, "prazo"),
    ],
)
def test_no_code_for_an_invoice_that_may_not_be_paid_with_one(  # type: ignore[no-untyped-def]
    mail, session, auth, why, fields, note
) -> None:
    app, recorder = mail
    settings.update(session, {"min_settlement_amount": "5.00"}, "test")
    fields = dict(fields)
    body = api_invoice("F-MAIL-3", **{k: v for k, v in fields.items() if k != "due"})
    if "due" in fields:
        body["due_date"] = (local_today() + timedelta(days=fields["due"])).isoformat()
    issue(app, app.test_client(), auth, body)
    (message,) = received(recorder, TO)
    text, html, _ = parts(message)
    for part in (text, html):
        assert not LONG_DIGITS.search(part), why
        assert "PIX copia e cola" not in part and "Linha digitável" not in part
        assert note in part.lower()


def test_a_copy_to_an_address_not_enrolled_has_nothing_to_unsubscribe(mail, session) -> None:  # type: ignore[no-untyped-def]
    app, recorder = mail
    invoice = session.scalars(select(Invoice).order_by(Invoice.id.desc())).first()
    request = staff_copies.CopyRequest(
        invoice.id,
        DeliveryKind.SECOND_COPY,
        DeliveryMedium.EMAIL,
        "outra@example.com",
        "a" * 32,
        "ana",
    )
    ids = staff_copies.send(session, invoice, request, settings.load(session), utcnow())
    enqueue_deliveries(app.extensions["fatura"].queue, ids)
    app.extensions["fatura"].queue.join(20.0)
    (message,) = received(recorder, "outra@example.com")
    text, html, _ = parts(message)
    assert message["List-Unsubscribe"] is None and "/cancelar/" not in html
    assert message["Subject"].startswith("2ª via da fatura")
    assert "o***@example.com" in text and "2ª via desta fatura foi pedida" in text
