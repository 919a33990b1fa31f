"""The settings service and GET/PATCH /api/v1/settings (docs/interfaces.md#settings)."""

from __future__ import annotations

import dataclasses
from typing import Any, get_type_hints

import pytest
from sqlalchemy import select

from models import AuditLog
from services import settings
from services.settings.spec import SPECS

# name: (accepted values, refused values) — every setting of docs/interfaces.md#settings.
CASES: dict[str, tuple[list[Any], list[Any]]] = {
    "channel_product_enabled": ([True, False], ["true", 1, None]),
    "send_unauthorized_at_issuance": ([True, False], ["yes", 0]),
    "reregistration_enabled": ([True, False], ["false"]),
    "reregistration_days": ([1, 30, 3650], [0, -1, 3651, "30", 1.5, True]),
    "febraban_company_code": (["0138", "0000"], ["138", "01380", 138, "01a8"]),
    "barcode_type": (["arrecadacao", "boleto"], ["boleto2", "", 1]),
    "barcode_segment": (["3", "1", "9"], ["0", "8", "33", 3]),
    "days_to_receive_after_due": ([0, 30, 3650], [-1, "30", 3651]),
    "bank_code": (["001", "104"], ["1", "0011", 1]),
    "bank_agency": (["1234-5", "12345", ""], ["12a", "1234567"]),
    "bank_account": (["12345-6", ""], ["abc", "1234567890123456"]),
    "bank_convenio": (["1234567", ""], ["123456", "12345678"]),
    "bank_wallet": (["17", "18"], ["1", "170"]),
    "slip_message": (["Pague em dia", ""], ["x" * 201, 5]),
    "min_settlement_amount": (["0.00", "5.00", "10"], ["-1.00", "5.001", 5.0, "abc", "NaN"]),
    "zero_invoice_agent": (["QUITACAO", ""], ["x" * 61]),
    "charge_return_difference": ([True, False], ["no"]),
    "payment_confirmation_enabled": ([True, False], ["sim", 1]),
    "updated_debt_enabled": ([True, False], [None]),
    "updated_debt_agent": (["AGENCIA VIRTUAL"], [7]),
    "updated_debt_item_invoices": (["Total das faturas"], ["x" * 61]),
    "updated_debt_item_other": (["Total das outras faturas"], [["list"]]),
    "reverse_at_day_close": ([True, False], ["1"]),
    "late_fine_percent": (["2.00", "0", "100.00"], ["100.01", 2, "2.123"]),
    "monthly_interest_percent": (["1.00", "0.33"], ["-0.5", 1.0]),
    "pix_key": (["", "financeiro@example.com"], ["x" * 78]),
    "pix_merchant_name": (["Distribuidora"], [1]),
    "pix_merchant_city": (["Belo Horizonte"], ["x" * 61]),
    "issuer_name": (["Distribuidora Demo S.A."], ["x" * 121]),
    "issuer_cnpj": (
        ["11222333000181", "11.222.333/0001-81", ""],
        ["11222333000180", "12345678909"],
    ),
    "issuer_address": (["Av. Afonso Pena, 1000"], ["x" * 201]),
    "contact_phone": (["0800 000 0116", "(31) 3000-0000", ""], ["ligue já", "12", 800]),
    "contact_url": (
        ["https://distribuidora.example/atendimento", ""],
        [
            "http://distribuidora.example",
            "javascript:alert(1)",
            "https://a b",
            "https://" + "x" * 200,
        ],
    ),
    "retention_transcript_days": ([1, 180, 3650], [0, 3651, "180", 1.5]),
    "retention_failure_days": ([1, 30], [0, -30, None]),
    "retention_outbox_days": ([90, 3650], [0, "90"]),
    "retention_document_days": ([1, 30], [0, 3651, True]),
    "outage_phone": (
        ["0800 000 0000", "(31) 3333-4444", "+55 31 3333-4444", "116", ""],
        ["ligue já", "0800-ENERGIA", "()", "1" * 31, 800],
    ),
    "outage_url": (
        ["https://distribuidora.example/falta", "http://10.0.0.1:8080/falta?uc=1", ""],
        [
            "distribuidora.example/falta",
            "ftp://distribuidora.example/falta",
            "javascript:alert(1)",
            "https://",
            "https://user:senha@distribuidora.example/",
            "https://distribuidora.example/com espaço",
            "https://distribuidora.example:porta/",
            "https://d.example/" + "x" * 200,
            None,
        ],
    ),
    "outage_message": (["Fique longe de fios caídos.", "x" * 300, ""], ["x" * 301, 1]),
    "handoff_hours": (
        ["seg-sex 08:00-18:00", "seg-sex 08:00-18:00; sáb 08:00-12:00", "dom 00:00-24:00", ""],
        ["seg-sex", "seg-sex 18:00-08:00", "xyz 08:00-18:00", "seg 25:00-26:00", 8, None],
    ),
    "handoff_holidays": (
        ["25/12/2026", "25/12/2026, 01/01/2027", ""],
        ["25/12", "31/02/2026", "natal", 1],
    ),
    "installments_max": ([1, 10, 60], [0, 61, "10", True]),
    "installment_min_amount": (["30.00", "0", "100000.00"], ["-1", 30, "30.001"]),
    "installment_down_payment_min_percent": (["10.00", "0.5"], ["100", "-1", 10]),
    "installment_discount_percent": (["0.00", "100"], ["100.01", 50, "abc"]),
    "installment_agent": (["PARCELAMENTO", ""], ["x" * 61]),
    "installment_unpaid_down_payment_agent": (["ENTRADA NAO PAGA"], [1]),
    "installment_early_down_payment_agent": (["ENTRADA ANTECIPADA"], ["x" * 61]),
    "other_invoices_split_agent": (["OUTRAS FATURAS"], [None]),
    "installment_down_payment_days": ([1, 3, 60], [0, 61, "3"]),
    "installment_contract_extra_copies": ([0, 2, 10], [-1, 11, "1"]),
    "installment_overdue_to_anticipate": ([1, 2], [0, "2"]),
    "installment_mode": (["invoices", "charges"], ["both", "", 1]),
    "installment_lapse": (["reopen", "charge"], ["lapse", None]),
    "direct_debit_filter": (["all", "energy", "energy_and_other"], ["other", "", 1, None]),
    "direct_debit_banks": (["001", "001,341", "001, 341", ""], ["1", "0011", "001;341", 1]),
    "direct_debit_days_before_due": ([0, 5, 60], [-1, 61, "5", None]),
    "direct_debit_record_d": ([True, False], ["true", 1, None]),
    "collection_sequence_user": (["maria", ""], ["x" * 61, 1]),
    "prescription_years": ([1, 5, 50], [0, 51, "5"]),
    "prescription_agent": (["CADUCIDADE", ""], ["x" * 61, 1]),
    "block_closed_day": ([True, False], ["false", 0, None]),
}


def test_every_contract_setting_has_a_case() -> None:
    assert set(CASES) == {spec.name for spec in SPECS}


def test_the_settings_type_has_one_typed_field_per_spec() -> None:
    """Settings' attributes are SPECS' names in SPECS' order, each typed as its default."""
    names = [field.name for field in dataclasses.fields(settings.Settings)]
    assert names == [spec.name for spec in SPECS]
    hints = get_type_hints(settings.Settings)
    assert {spec.name: type(spec.default) for spec in SPECS} == {n: hints[n] for n in names}


def test_the_defaults_are_the_specs_and_the_value_is_frozen() -> None:
    """from_mapping({}) is every default; a Settings cannot change, only give a changed copy."""
    defaults = settings.Settings.from_mapping({})
    assert defaults.as_dict() == {spec.name: spec.default for spec in SPECS}
    with pytest.raises(dataclasses.FrozenInstanceError):
        defaults.slip_message = "x"  # type: ignore[misc]
    changed = defaults.changed({"slip_message": "x"})
    assert changed.slip_message == "x" and defaults.slip_message == ""


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_setting_accepts_good_and_refuses_bad_values(name: str) -> None:
    good, bad = CASES[name]
    current = settings.Settings.from_mapping(
        {"pix_merchant_name": "Demo", "pix_merchant_city": "BH", "bank_convenio": "1234567"}
    )
    for value in good:
        settings.validate({name: value}, current)
    for value in bad:
        with pytest.raises(settings.SettingsError) as caught:
            settings.validate({name: value}, current)
        assert name in caught.value.fields, (name, value)


def test_get_answers_every_setting_with_contract_types(client, auth) -> None:
    body = client.get("/api/v1/settings", headers=auth).get_json()
    assert set(body) == set(CASES)
    assert body["channel_product_enabled"] is False
    assert body["reregistration_days"] == 30
    assert body["febraban_company_code"] == "0000"
    assert body["barcode_type"] == "arrecadacao"
    assert body["barcode_segment"] == "3"
    assert body["min_settlement_amount"] == "0.00"
    assert body["late_fine_percent"] == "2.00"
    assert body["monthly_interest_percent"] == "1.00"
    assert body["retention_transcript_days"] == 180
    assert body["retention_failure_days"] == 30
    assert body["retention_outbox_days"] == 90
    assert body["retention_document_days"] == 30


def test_patch_changes_a_subset_and_answers_the_whole_object(client, auth, session) -> None:
    response = client.patch(
        "/api/v1/settings",
        headers=auth,
        json={"febraban_company_code": "0138", "min_settlement_amount": "5"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["febraban_company_code"] == "0138"
    assert body["min_settlement_amount"] == "5.00"
    assert set(body) == set(CASES)
    again = client.get("/api/v1/settings", headers=auth).get_json()
    assert again == body
    audit = session.scalars(select(AuditLog).where(AuditLog.action == "setting.update")).all()
    assert {(a.entity_id, a.actor) for a in audit} == {
        ("febraban_company_code", "api"),
        ("min_settlement_amount", "api"),
    }


def test_one_bad_value_refuses_the_whole_patch(client, auth) -> None:
    response = client.patch(
        "/api/v1/settings",
        headers=auth,
        json={"febraban_company_code": "0138", "reregistration_days": "30"},
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_settings"
    assert list(body["fields"]) == ["reregistration_days"]
    assert "reregistration_days" in body["message"]
    after = client.get("/api/v1/settings", headers=auth).get_json()
    assert after["febraban_company_code"] == "0000"


def test_unknown_key_is_422(client, auth) -> None:
    response = client.patch("/api/v1/settings", headers=auth, json={"colour": "blue"})
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"colour": "parâmetro desconhecido"}


def test_rules_across_settings_are_checked_on_the_result(client, auth) -> None:
    response = client.patch("/api/v1/settings", headers=auth, json={"barcode_type": "boleto"})
    assert response.status_code == 422
    assert "bank_convenio" in response.get_json()["fields"]
    ok = client.patch(
        "/api/v1/settings",
        headers=auth,
        json={"barcode_type": "boleto", "bank_convenio": "1234567"},
    )
    assert ok.status_code == 200
    pix = client.patch("/api/v1/settings", headers=auth, json={"pix_key": "a@b.com"})
    assert pix.status_code == 422 and "pix_key" in pix.get_json()["fields"]


def test_body_must_be_a_json_object(client, auth) -> None:
    response = client.patch(
        "/api/v1/settings", headers=auth, data="[1]", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"


def test_the_api_needs_the_bearer_token(client, auth) -> None:
    assert client.get("/api/v1/settings").status_code == 401
    wrong = client.get("/api/v1/settings", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.get_json()["error"] == "unauthorized"
    assert client.patch("/api/v1/settings", json={"reregistration_days": 5}).status_code == 401


def test_the_api_is_off_without_a_token(app, client) -> None:
    app.extensions["fatura"].config = app.extensions["fatura"].config.__class__(
        app_env="test", database_url=app.extensions["fatura"].db.url
    )
    response = client.get("/api/v1/settings", headers={"Authorization": "Bearer "})
    assert response.status_code == 403
    assert response.get_json()["error"] == "api_disabled"
