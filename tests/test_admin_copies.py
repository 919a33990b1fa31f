"""2ª via screen: list by UC and competência, print, send after confirmation, once."""

from __future__ import annotations

import re

from models import AuditLog, Delivery, DeliveryKind, DeliveryStatus, Invoice, InvoiceStatus
from services.core.runtime import current
from tests.support.admin_client import STAFF_LOGIN, post_form
from tests.support.readback import needs_tools, pdf_text


def _invoice(session, status: InvoiceStatus) -> Invoice:
    """The newest demo invoice of UC 131030 in that status."""
    return (
        session.query(Invoice)
        .filter(Invoice.status == status, Invoice.key.like("%131030%"))
        .order_by(Invoice.reference.desc())
        .first()
    )


def _confirm(staff, invoice: Invoice, **fields: str):
    """Post the send form; return the confirmation page response."""
    page = f"/admin/segunda-via/{invoice.id}"
    return post_form(staff, f"/admin/segunda-via/{invoice.id}/confirmar", fields, page=page)


def test_the_list_has_the_erp_screen_columns_and_filters_by_competencia(staff, session) -> None:
    page = staff.get("/admin/segunda-via?uc=131030").get_data(as_text=True)
    for column in ("Tipo de fatura", "UC", "Nome", "Número fiscal", "Tipo cálculo"):
        assert f"<th>{column}</th>" in page
    assert page.count("2ª via / Barra") == 6
    invoice = _invoice(session, InvoiceStatus.OPEN)
    month, year = invoice.reference[5:], invoice.reference[:4]
    filtered = staff.get(f"/admin/segunda-via?uc=131030&competencia={month}/{year}")
    assert filtered.get_data(as_text=True).count("2ª via / Barra") == 1
    bad = staff.get("/admin/segunda-via?uc=131030&competencia=13/2026").get_data(as_text=True)
    assert "Competência deve ser mm/aaaa" in bad


@needs_tools
def test_imprimir_gives_the_second_copy_pdf(staff, session, tmp_path) -> None:
    invoice = _invoice(session, InvoiceStatus.OPEN)
    response = staff.get(f"/admin/segunda-via/{invoice.id}/imprimir/segunda_via")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert "2ª VIA" in text and "131030" in text
    assert session.query(AuditLog).filter_by(action="copy.print", actor=STAFF_LOGIN).count() == 1


def test_sending_by_email_asks_first_then_sends_once(staff, session) -> None:
    invoice = _invoice(session, InvoiceStatus.OPEN)
    confirm = _confirm(
        staff, invoice, action="segunda_via", medium="email", destination="joao@example.com"
    )
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "j***@example.com" in text
    assert session.query(Delivery).filter_by(kind=DeliveryKind.SECOND_COPY).count() == 0
    request_id = re.search(r'name="request_id" value="([0-9a-f]{32})"', text)[1]
    fields = {
        "action": "segunda_via",
        "medium": "email",
        "destination": "joao@example.com",
        "request_id": request_id,
    }
    page = f"/admin/segunda-via/{invoice.id}"
    first = post_form(staff, f"/admin/segunda-via/{invoice.id}/enviar", fields, page=page)
    again = post_form(staff, f"/admin/segunda-via/{invoice.id}/enviar", fields, page=page)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == "/admin/envios?uc=131030"
    current().queue.join()
    session.expire_all()
    rows = session.query(Delivery).filter_by(kind=DeliveryKind.SECOND_COPY).all()
    assert len(rows) == 1
    assert rows[0].destination == "joao@example.com" and rows[0].status is DeliveryStatus.SENT
    assert rows[0].requested_by == f"admin:{STAFF_LOGIN}"
    envios = staff.get("/admin/envios?uc=131030").get_data(as_text=True)
    assert "2ª via" in envios and "j***@example.com" in envios and "Enviado" in envios


def test_a_destination_on_file_is_chosen_without_showing_it(staff, session) -> None:
    invoice = _invoice(session, InvoiceStatus.OPEN)
    page = staff.get(f"/admin/segunda-via/{invoice.id}").get_data(as_text=True)
    assert "teste@teste.com" not in page and "+5531999990000" not in page
    token = re.search(r'<option value="(\w+)">e-mail cadastrado t\*\*\*@teste.com', page)[1]
    confirm = _confirm(staff, invoice, action="segunda_via", medium="email", known=token)
    assert confirm.status_code == 200 and "t***@teste.com" in confirm.get_data(as_text=True)


def test_barra_by_sms_sends_the_line_alone_then_the_link(staff, session) -> None:
    invoice = _invoice(session, InvoiceStatus.OPEN)
    confirm = _confirm(staff, invoice, action="barra", medium="sms", destination="31988887777")
    request_id = re.search(r'name="request_id" value="(\w+)"', confirm.get_data(as_text=True))[1]
    fields = {
        "action": "barra",
        "medium": "sms",
        "destination": "31988887777",
        "request_id": request_id,
    }
    post_form(
        staff,
        f"/admin/segunda-via/{invoice.id}/enviar",
        fields,
        page=f"/admin/segunda-via/{invoice.id}",
    )
    current().queue.join()
    session.expire_all()
    rows = session.query(Delivery).filter_by(destination="+5531988887777").order_by(Delivery.id)
    kinds = [(row.kind, row.status) for row in rows]
    assert kinds == [
        (DeliveryKind.TEXT, DeliveryStatus.SENT),
        (DeliveryKind.PAYMENT_SLIP, DeliveryStatus.SENT),
    ]
    assert re.fullmatch(r"\d{48}", rows[0].body)


def test_barra_of_a_paid_invoice_is_refused_with_the_reason(staff, session) -> None:
    invoice = _invoice(session, InvoiceStatus.PAID)
    page = staff.get(f"/admin/segunda-via/{invoice.id}").get_data(as_text=True)
    assert "print-barra" not in page and "paga" in page.lower()
    response = _confirm(staff, invoice, action="barra", medium="email", destination="a@b.com.br")
    assert response.status_code == 422
    assert session.query(Delivery).filter_by(kind=DeliveryKind.PAYMENT_SLIP).count() == 0


def test_bad_destination_and_medium_are_refused(staff, session) -> None:
    invoice = _invoice(session, InvoiceStatus.OPEN)
    bad_email = _confirm(staff, invoice, action="segunda_via", medium="email", destination="x@")
    assert bad_email.status_code == 422 and "e-mail inválido" in bad_email.get_data(as_text=True)
    sms_copy = _confirm(
        staff, invoice, action="segunda_via", medium="sms", destination="31988887777"
    )
    assert sms_copy.status_code == 422
    nothing = _confirm(staff, invoice, action="segunda_via", medium="email")
    assert "informe o e-mail ou celular" in nothing.get_data(as_text=True)
    assert session.query(Delivery).filter_by(kind=DeliveryKind.SECOND_COPY).count() == 0
