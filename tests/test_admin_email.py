"""2ª via → E-mail da fatura: staff see the invoice's e-mail as HTML and as text."""

from __future__ import annotations

import re

from sqlalchemy import select

from admin.views_email import EMAIL_CSP
from models import Enrollment, Invoice, InvoiceStatus
from services import settings


def _open_invoice(session) -> Invoice:  # type: ignore[no-untyped-def]
    """The demo's newest open invoice of UC 131030 (payable today)."""
    query = select(Invoice).where(
        Invoice.status == InvoiceStatus.OPEN, Invoice.key.like("%131030%")
    )
    return session.scalars(query.order_by(Invoice.reference.desc())).first()


def test_staff_see_the_email_as_text_and_as_html(staff, session) -> None:  # type: ignore[no-untyped-def]
    invoice = _open_invoice(session)
    detail = staff.get(f"/admin/segunda-via/{invoice.id}").get_data(as_text=True)
    assert f'href="/admin/segunda-via/{invoice.id}/email"' in detail
    page = staff.get(f"/admin/segunda-via/{invoice.id}/email")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "UC 131030" in text and "Linha digitável" in text
    assert "List-Unsubscribe-Post" in text and "List-Unsubscribe=One-Click" in text
    assert "t***@teste.com" in text and "teste@teste.com" not in text
    html = staff.get(f"/admin/segunda-via/{invoice.id}/email.html")
    body = html.get_data(as_text=True)
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert html.headers["Content-Security-Policy"] == EMAIL_CSP and "script" not in EMAIL_CSP
    assert re.search(r"\b\d{48}\b", body) and "Olá, Maria!" in body and "<script" not in body


def test_the_previews_cancel_link_cancels_nothing(staff, session) -> None:  # type: ignore[no-untyped-def]
    invoice = _open_invoice(session)
    body = staff.get(f"/admin/segunda-via/{invoice.id}/email.html").get_data(as_text=True)
    link = re.search(r'href="https?://[^/"]+(/cancelar/[^"]+)"', body)[1]
    assert staff.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 404
    session.expire_all()
    assert session.scalar(select(Enrollment.id).where(Enrollment.destination == "teste@teste.com"))


def test_the_preview_is_for_staff_only(chat_app, session) -> None:  # type: ignore[no-untyped-def]
    invoice = _open_invoice(session)
    client = chat_app.test_client()
    for path in (
        f"/admin/segunda-via/{invoice.id}/email",
        f"/admin/segunda-via/{invoice.id}/email.html",
    ):
        answer = client.get(path)
        assert answer.status_code == 302 and "/admin/login" in answer.headers["Location"]


def test_what_staff_and_the_erp_typed_is_escaped_in_the_email(staff, session) -> None:  # type: ignore[no-untyped-def]
    settings.update(session, {"issuer_name": 'Luz <script>alert("x")</script> & Cia'}, "test")
    invoice = _open_invoice(session)
    invoice.unit.consumer.name = "<img src=x onerror=alert(1)> Maria"
    session.commit()
    html = staff.get(f"/admin/segunda-via/{invoice.id}/email.html").get_data(as_text=True)
    assert "<script>" not in html and "<img" not in html
    assert "Luz &lt;script&gt;" in html and "&amp; Cia" in html
    text = staff.get(f"/admin/segunda-via/{invoice.id}/email").get_data(as_text=True)
    assert "<script>alert" not in text  # the admin page escapes the plain-text part too
