"""Envio digital screen: search, add several recipients, refuse bad ones, delete, audit."""

from __future__ import annotations

from models import AuditLog, Enrollment
from services import settings
from tests.support.admin_client import STAFF_LOGIN, post_form

PAGE = "/admin/envio-digital?uc=131030"


def _recipients(session) -> set[str]:
    session.expire_all()
    return {row.destination for row in session.query(Enrollment).all()}


def test_search_shows_the_erp_screen_columns_with_masked_destinations(staff) -> None:
    page = staff.get(PAGE).get_data(as_text=True)
    for column in ("UC", "Nome", "Doc. impresso", "E-mail/WhatsApp", "Usuário", "Data/hora"):
        assert f"<th>{column}</th>" in page
    assert "t***@teste.com" in page and "teste@teste.com" not in page


def test_an_unknown_uc_says_so(staff) -> None:
    response = staff.get("/admin/envio-digital?uc=999999")
    assert response.status_code == 404
    assert "UC 999999 não encontrada" in response.get_data(as_text=True)


def test_novo_adds_several_recipients_at_once_audited_with_the_staff_login(staff, session) -> None:
    response = post_form(
        staff,
        "/admin/envio-digital/novo",
        {
            "uc": "131030",
            "medium-0": "email",
            "destination-0": "Maria.Silva@Example.com",
            "medium-1": "whatsapp",
            "destination-1": "(31) 98888-7777",
            "copy_type": "printed",
        },
        page=PAGE,
    )
    assert response.status_code == 302
    rows = {r.destination: r for r in session.query(Enrollment).all()}
    assert {"Maria.Silva@example.com", "+5531988887777"} <= set(rows)
    assert rows["+5531988887777"].keep_printed and rows["+5531988887777"].created_by == STAFF_LOGIN
    audits = session.query(AuditLog).filter_by(action="enrollment.create", actor=STAFF_LOGIN).all()
    assert len(audits) == 2
    page = staff.get(PAGE).get_data(as_text=True)
    assert "+55 31 9****-7777" in page and "98888-7777" not in page and "988887777" not in page
    assert "2 destinatário(s) cadastrado(s)" in page


def test_one_bad_destination_saves_none_and_says_why(staff, session) -> None:
    before = _recipients(session)
    response = post_form(
        staff,
        "/admin/envio-digital/novo",
        {
            "uc": "131030",
            "medium-0": "email",
            "destination-0": "ok@example.com",
            "medium-1": "whatsapp",
            "destination-1": "(31) 3333-4444",
        },
        page=PAGE,
    )
    assert response.status_code == 422
    assert "celular" in response.get_data(as_text=True)
    assert _recipients(session) == before
    response = post_form(
        staff,
        "/admin/envio-digital/novo",
        {"uc": "131030", "medium-0": "email", "destination-0": "não é e-mail"},
        page=PAGE,
    )
    assert response.status_code == 422 and "e-mail inválido" in response.get_data(as_text=True)
    assert _recipients(session) == before


def test_whatsapp_is_not_offered_without_the_channel_product(staff, session) -> None:
    settings.update(session, {"channel_product_enabled": False}, "test")
    page = staff.get(PAGE).get_data(as_text=True)
    assert 'value="whatsapp"' not in page
    response = post_form(
        staff,
        "/admin/envio-digital/novo",
        {"uc": "131030", "medium-0": "whatsapp", "destination-0": "(31) 98888-7777"},
        page=PAGE,
    )
    assert response.status_code == 422
    assert "+5531988887777" not in _recipients(session)


def test_excluir_asks_first_then_removes_and_audits(staff, session) -> None:
    row = session.query(Enrollment).filter_by(destination="teste@teste.com").one()
    confirm = staff.get(f"/admin/envio-digital/{row.id}/excluir")
    assert confirm.status_code == 200 and "t***@teste.com" in confirm.get_data(as_text=True)
    assert "teste@teste.com" in _recipients(session)  # asking removes nothing
    path = f"/admin/envio-digital/{row.id}/excluir"
    assert post_form(staff, path, {}).status_code == 302
    assert "teste@teste.com" not in _recipients(session)
    audit = session.query(AuditLog).filter_by(action="enrollment.delete").one()
    assert audit.actor == STAFF_LOGIN and audit.detail["destination"] == "t***@teste.com"
    assert post_form(staff, path, {}, page=PAGE).status_code == 404
