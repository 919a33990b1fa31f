"""The ERP's enrolment API (docs/interfaces.md): list, create (validated, Channel-aware), delete."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import AuditLog, Enrollment
from services import settings
from services.erp.demo import load_demo

KEYS = {"id", "uc", "medium", "destination", "keep_printed", "created_by", "created_at"}


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    """The demo distributor: UC 131030 already enrolled with teste@teste.com."""
    load_demo(session, date.today())
    return session


def test_the_list_has_the_contract_shape(client, auth, demo) -> None:
    items = client.get("/api/v1/units/131030/enrollments", headers=auth).get_json()["items"]
    assert len(items) == 1 and set(items[0]) == KEYS
    assert (items[0]["medium"], items[0]["destination"]) == ("email", "teste@teste.com")
    assert client.get("/api/v1/units/999/enrollments", headers=auth).status_code == 404


def test_create_normalises_and_is_idempotent(client, auth, demo) -> None:
    settings.update(demo, {"channel_product_enabled": True}, "test")
    body = {"medium": "whatsapp", "destination": "(31) 98888-7777", "keep_printed": True}
    first = client.post("/api/v1/units/131030/enrollments", json=body, headers=auth)
    assert first.status_code == 201
    assert first.get_json()["destination"] == "+5531988887777"
    assert first.get_json()["created_by"] == "api"
    again = client.post("/api/v1/units/131030/enrollments", json=body, headers=auth)
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert (
        demo.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "enrollment.create")
        )
        >= 1
    )


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"medium": "whatsapp", "destination": "+5531988887777"}, 409, "channel_disabled"),
        ({"medium": "email", "destination": "not-an-email"}, 422, "invalid_destination"),
        ({"medium": "fax", "destination": "x"}, 422, "invalid_enrollment"),
        (
            {"medium": "email", "destination": "a@b.com", "keep_printed": "yes"},
            422,
            "invalid_enrollment",
        ),
    ],
)
def test_bad_enrollments_are_refused_and_save_nothing(
    client, auth, demo, body, status, error
) -> None:
    settings.update(demo, {"channel_product_enabled": False}, "test")  # the demo turns it on
    response = client.post("/api/v1/units/131030/enrollments", json=body, headers=auth)
    assert response.status_code == status and response.get_json()["error"] == error
    assert demo.scalar(select(func.count()).select_from(Enrollment)) == 1


def test_landline_whatsapp_is_refused(client, auth, demo) -> None:
    settings.update(demo, {"channel_product_enabled": True}, "test")
    response = client.post(
        "/api/v1/units/131030/enrollments",
        headers=auth,
        json={"medium": "whatsapp", "destination": "(31) 3333-0000"},
    )
    assert response.status_code == 422 and "celular" in response.get_json()["message"]


def test_delete_removes_it_and_unknown_ids_are_404(client, auth, demo) -> None:
    enrollment_id = demo.scalar(select(Enrollment.id))
    assert client.delete(f"/api/v1/enrollments/{enrollment_id}", headers=auth).status_code == 204
    demo.expire_all()
    assert demo.scalar(select(func.count()).select_from(Enrollment)) == 0
    assert client.delete(f"/api/v1/enrollments/{enrollment_id}", headers=auth).status_code == 404
    assert client.delete("/api/v1/enrollments/1").status_code == 401
