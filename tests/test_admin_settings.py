"""Parametrização screen: every contract parameter, grouped, validated whole, audited."""

from __future__ import annotations

import re

from models import AuditLog
from services import settings
from services.settings.spec import SPECS
from tests.support.admin_client import STAFF_LOGIN, form_values

PAGE = "/admin/parametros"


def _form(staff) -> dict[str, str]:
    """The form as the browser would post it unchanged (checked boxes send "on")."""
    return form_values(staff, PAGE)


def test_every_parameter_is_on_the_page_in_its_group(staff) -> None:
    page = staff.get(PAGE).get_data(as_text=True)
    for spec in SPECS:
        assert f'name="{spec.name}"' in page, spec.name
        assert spec.label.replace('"', "&#34;") in page or spec.label in page
    for group in {spec.group for spec in SPECS}:
        assert f"<legend>{group}</legend>" in page


def test_posting_the_form_unchanged_changes_nothing(staff, session) -> None:
    before = settings.load(session)
    response = staff.post(PAGE, data=_form(staff))
    assert response.status_code == 302
    assert settings.load(session) == before
    assert (
        session.query(AuditLog)
        .filter_by(action="setting.update")
        .filter(AuditLog.actor == STAFF_LOGIN)
        .count()
        == 0
    )


def test_a_change_is_saved_and_audited_with_the_staff_login(staff, session) -> None:
    data = _form(staff)
    data["days_to_receive_after_due"] = "45"
    data["slip_message"] = "Pague em dia"
    data["late_fine_percent"] = "2,50"
    data.pop("reregistration_enabled", None)  # unticked
    assert staff.post(PAGE, data=data).status_code == 302
    session.expire_all()
    values = settings.load(session)
    assert values.days_to_receive_after_due == 45 and values.slip_message == "Pague em dia"
    assert values.late_fine_percent == "2.50" and values.reregistration_enabled is False
    changed = {
        row.entity_id
        for row in session.query(AuditLog).filter_by(action="setting.update", actor=STAFF_LOGIN)
    }
    expected = {
        "days_to_receive_after_due",
        "slip_message",
        "late_fine_percent",
        "reregistration_enabled",
    }
    assert changed == expected


def test_one_bad_value_saves_nothing_and_marks_the_field(staff, session) -> None:
    before = settings.load(session)
    data = _form(staff)
    data["slip_message"] = "mudaria"
    data["febraban_company_code"] = "12a"
    data["days_to_receive_after_due"] = "muitos"
    response = staff.post(PAGE, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nada foi salvo" in page and "exatamente 4 dígitos" in page
    assert 'value="12a"' in page  # what was typed stays for correction
    session.expire_all()
    assert settings.load(session) == before


def test_retention_days_sit_together_under_privacy_and_can_be_changed(staff, session) -> None:
    page = staff.get(PAGE).get_data(as_text=True)
    fieldset = page.split("<legend>Privacidade (LGPD)</legend>", 1)[1].split("</fieldset>")[0]
    names = re.findall(r'<input name="(\w+)"', fieldset)
    assert names == [
        "retention_transcript_days",
        "retention_failure_days",
        "retention_outbox_days",
        "retention_document_days",
    ]
    data = _form(staff)
    data["retention_transcript_days"] = "365"
    data["retention_document_days"] = "0"
    assert staff.post(PAGE, data=data).status_code == 422  # at least one day
    data["retention_document_days"] = "7"
    assert staff.post(PAGE, data=data).status_code == 302
    session.expire_all()
    values = settings.load(session)
    assert (values.retention_transcript_days, values.retention_document_days) == (365, 7)
