"""Staff pages of automatic debit and prescription: upload a return, download the next file,
sequences (the allowed user only), write-off and its reversal."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import AuditLog, ClosedDay, Invoice, InvoiceStatus, Unit, unit_by_uc
from services import settings
from services.collection import sequences
from services.collection.closed_days import mark_closed
from services.core.clock import local_today
from tests.support.admin_client import STAFF_LOGIN, csrf_token, post_form
from tests.support.debit_files import Option, build

PAGE = "/admin/debito-automatico"


@pytest.fixture
def admin(staff, session):  # type: ignore[no-untyped-def]
    """A staff client; Itaú has an agreement."""
    settings.update(session, {"direct_debit_banks": "341"}, "test")
    return staff


def upload(client, text: str, name: str = "RET.txt"):  # type: ignore[no-untyped-def]
    """Upload a return file through the page's form."""
    data = {
        "arquivo": (io.BytesIO(text.encode("latin-1")), name),
        "csrf_token": csrf_token(client, PAGE),
    }
    return client.post(
        f"{PAGE}/retorno", data=data, content_type="multipart/form-data", follow_redirects=True
    )


def test_upload_lists_the_uc_and_the_file_and_a_bad_file_is_shown_rejected(admin) -> None:
    page = upload(admin, build([Option("131030", account="00000000987654")], day=local_today()))
    html = page.get_data(as_text=True)
    assert "1 opt-ins" in html and "131030" in html and "Itaú (341)" in html
    assert "•••7654" in html and "00000000987654" not in html  # the account is masked
    bad = upload(admin, "A2 lixo\n", "LIXO.txt").get_data(as_text=True)
    assert "REJECTED" in bad and "LIXO.txt" in bad and "Rejeitado" in bad


def test_the_next_debit_file_downloads_and_is_listed_with_its_sequence(admin) -> None:
    upload(admin, build([Option("131030")], day=local_today()))
    day = (local_today() + timedelta(days=8)).isoformat()
    got = post_form(admin, f"{PAGE}/arquivo", {"banco": "341", "data": day}, PAGE)
    assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"]
    records = got.data.split(b"\r\n")
    assert records[0][:2] == b"A1" and records[0][73:79] == b"000001" and records[1][:1] == b"E"
    html = admin.get(PAGE).get_data(as_text=True)
    assert "Enviado" in html and "Gerado por " + STAFF_LOGIN in html
    again = post_form(admin, f"{PAGE}/arquivo", {"banco": "341", "data": day}, PAGE)
    assert again.status_code == 302  # nothing new to debit: no second file
    refused = post_form(admin, f"{PAGE}/arquivo", {"banco": "237", "data": day}, PAGE)
    assert refused.status_code == 302


def test_only_the_allowed_user_changes_a_sequence(admin, session) -> None:
    page = post_form(admin, f"{PAGE}/sequencia", {"banco": "341", "ultima": "12"}, PAGE)
    assert page.status_code == 302 and "Só" in admin.get(PAGE).get_data(as_text=True)
    assert sequences.last(session, "341") == 0
    settings.update(session, {"collection_sequence_user": STAFF_LOGIN}, "test")
    post_form(admin, f"{PAGE}/sequencia", {"banco": "341", "ultima": "12"}, PAGE)
    session.expire_all()
    assert sequences.last(session, "341") == 12
    assert session.scalar(select(AuditLog).where(AuditLog.action == "collection.sequence"))


def test_prescription_page_writes_off_and_reverses_until_the_day_closes(admin, session) -> None:
    unit = unit_by_uc(session, "131030")
    old = Invoice(key="OLD-1", unit_id=unit.id, reference="2015-03",
                  due_date=date(2015, 3, 20), amount=Decimal("77.10"))  # fmt: skip
    session.add(old)
    session.commit()
    listed = admin.get("/admin/caducidade?uc=131030&competencia=03/2015").get_data(as_text=True)
    assert "03/2015" in listed and "R$ 77,10" in listed
    post_form(admin, "/admin/caducidade", {"fatura": str(old.id)})
    session.expire_all()
    assert session.get(Invoice, old.id).status is InvoiceStatus.SETTLED
    post_form(admin, f"/admin/caducidade/{old.id}/estornar", {}, "/admin/caducidade")
    session.expire_all()
    assert session.get(Invoice, old.id).status is InvoiceStatus.OPEN
    post_form(admin, "/admin/caducidade", {"fatura": str(old.id)})
    mark_closed(session, local_today(), "close-day")
    session.commit()
    page = post_form(admin, f"/admin/caducidade/{old.id}/estornar", {}, "/admin/caducidade")
    assert page.status_code == 302
    assert "está fechada" in admin.get("/admin/caducidade").get_data(as_text=True)
    session.expire_all()
    assert session.get(Invoice, old.id).status is InvoiceStatus.SETTLED


def test_staff_change_a_ucs_identification_and_the_next_file_tells_the_bank(admin, session):  # type: ignore[no-untyped-def]
    upload(admin, build([Option("131030")], day=local_today()))
    settings.update(session, {"direct_debit_record_d": True}, "test")
    post_form(admin, f"{PAGE}/identificacao", {"uc": "131030", "identificacao": "9131030"}, PAGE)
    html = admin.get(PAGE).get_data(as_text=True)
    assert "registrada" in html and "131030 → 9131030 (a informar no registro D)" in html
    audit = session.scalar(select(AuditLog).where(AuditLog.action == "debit.identification"))
    assert audit.actor == STAFF_LOGIN and audit.detail == {"old": "131030", "new": "9131030"}
    day = (local_today() + timedelta(days=8)).isoformat()
    got = post_form(admin, f"{PAGE}/arquivo", {"banco": "341", "data": day}, PAGE)
    d_record = got.data.split(b"\r\n")[1]
    assert d_record[:1] == b"D" and d_record[1:26].rstrip() == b"131030"
    assert d_record[44:69].rstrip() == b"9131030"


@pytest.mark.parametrize(
    ("uc", "new_id", "said"),
    [
        ("131030", "   ", "1 a 25 caracteres"),
        ("131030", "identificação", "letras sem acentos"),
        ("131030", "9" * 26, "1 a 25 caracteres"),
        ("999999", "123", "não está em débito automático"),
        ("131030", "<script>alert(1)</script>", "1 a 25 caracteres"),
    ],
)
def test_a_bad_identification_is_refused_with_the_reason(admin, session, uc, new_id, said):  # type: ignore[no-untyped-def]
    upload(admin, build([Option("131030")], day=local_today()))
    post_form(admin, f"{PAGE}/identificacao", {"uc": uc, "identificacao": new_id}, PAGE)
    html = admin.get(PAGE).get_data(as_text=True)
    assert said in html and "<script>alert" not in html
    assert not session.scalar(select(AuditLog).where(AuditLog.action == "debit.identification"))


def test_an_identification_of_another_uc_is_refused(admin, session) -> None:
    unit = unit_by_uc(session, "131030")
    session.add(Unit(uc="131031", consumer_id=unit.consumer_id))
    session.commit()
    upload(admin, build([Option("131030"), Option("131031")], day=local_today()))
    post_form(admin, f"{PAGE}/identificacao", {"uc": "131030", "identificacao": "131031"}, PAGE)
    assert "já é de outra UC" in admin.get(PAGE).get_data(as_text=True)


def test_only_the_allowed_user_reopens_a_closed_day_on_the_page(admin, session) -> None:
    day = local_today()
    mark_closed(session, day, "close-day")
    session.commit()
    html = admin.get(PAGE).get_data(as_text=True)
    assert f"{day:%d/%m/%Y}" in html and "Reabrir" in html
    refused = post_form(admin, f"{PAGE}/reabrir-dia", {"dia": day.isoformat()}, PAGE)
    assert refused.status_code == 302
    assert "Só um usuário definido em Parametrização pode reabrir" in admin.get(PAGE).get_data(
        as_text=True
    )
    session.expire_all()
    assert session.get(ClosedDay, day) is not None
    settings.update(session, {"collection_sequence_user": "outra.pessoa"}, "test")
    post_form(admin, f"{PAGE}/reabrir-dia", {"dia": day.isoformat()}, PAGE)
    assert "Só o usuário outra.pessoa pode" in admin.get(PAGE).get_data(as_text=True)
    settings.update(session, {"collection_sequence_user": STAFF_LOGIN}, "test")
    post_form(admin, f"{PAGE}/reabrir-dia", {"dia": day.isoformat()}, PAGE)
    assert f"Arrecadação de {day:%d/%m/%Y} reaberta" in admin.get(PAGE).get_data(as_text=True)
    session.expire_all()
    assert session.get(ClosedDay, day) is None
    audit = session.scalar(select(AuditLog).where(AuditLog.action == "collection.reopen_day"))
    assert audit.actor == STAFF_LOGIN and audit.entity_id == day.isoformat()
    post_form(admin, f"{PAGE}/reabrir-dia", {"dia": "31/02/2026"}, PAGE)
    assert "Data inválida" in admin.get(PAGE).get_data(as_text=True)
