"""Envios: filter by UC, status and day; each delivery's timeline and failure reason."""

from __future__ import annotations

from datetime import timedelta

from models import Delivery, DeliveryMedium, DeliveryStatus, Unit
from services.core.clock import local_today
from services.delivery import deliveries


def _delivery(session, uc: str, status: DeliveryStatus, reason: str | None = None) -> Delivery:
    """A text delivery of `uc` moved to `status` with its events."""
    unit = session.query(Unit).filter_by(uc=uc).one()
    row, _ = deliveries.create_text(
        session,
        medium=DeliveryMedium.SMS,
        destination="+5531988887777",
        text="aviso",
        dedupe_key=f"test:{uc}:{status.value}",
        unit_id=unit.id,
    )
    if status is DeliveryStatus.FAILED:
        deliveries.mark_failed(session, row, reason or "", "30003")
    session.commit()
    return row


def test_filters_by_uc_status_and_day(staff, session) -> None:
    failed = _delivery(session, "131030", DeliveryStatus.FAILED, "Número inalcançável")
    other = _delivery(session, "220045", DeliveryStatus.PENDING)
    by_uc = staff.get("/admin/envios?uc=220045").get_data(as_text=True)
    assert f">{other.id}</a>" in by_uc and f">{failed.id}</a>" not in by_uc
    problems = staff.get("/admin/envios?status=problems").get_data(as_text=True)
    assert f">{failed.id}</a>" in problems and f">{other.id}</a>" not in problems
    assert "Número inalcançável" in problems
    today = local_today()
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert f">{failed.id}</a>" in staff.get(f"/admin/envios?de={today}&ate={today}").get_data(
        as_text=True
    )
    assert f">{failed.id}</a>" not in staff.get(f"/admin/envios?de={tomorrow}").get_data(
        as_text=True
    )
    assert staff.get("/admin/envios?de=ontem").status_code == 400
    assert staff.get("/admin/envios?status=perdido").status_code == 400


def test_a_delivery_shows_its_timeline_and_reason_with_the_destination_masked(staff, session):
    failed = _delivery(session, "131030", DeliveryStatus.FAILED, "Número inalcançável")
    page = staff.get(f"/admin/envios/{failed.id}").get_data(as_text=True)
    assert "Na fila" in page and "Falhou" in page and "código 30003" in page
    assert "Número inalcançável" in page
    assert "+55 31 9****-7777" in page and "988887777" not in page
    assert staff.get("/admin/envios/999999").status_code == 404
