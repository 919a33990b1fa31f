"""Where to report an outage (outage_phone, outage_url, outage_message): validated by the API
and Parametrização alike, handed to the bot, filled in by the demo data."""

from __future__ import annotations

import re

from models import utcnow
from services import settings
from services.chat.bot_view import DbBotView
from services.core.clock import local_today
from services.erp.demo import DEMO_SETTINGS, load_demo
from tests.support.admin_client import form_values

PAGE = "/admin/parametros"
GOOD = {
    "outage_phone": "(31) 3333-4444",
    "outage_url": "https://luz.example/falta?canal=whatsapp",
    "outage_message": "Fique longe de fios caídos.",
}


def test_the_api_sets_them_and_refuses_a_bad_address_whole(client, auth) -> None:
    bad = client.patch(
        "/api/v1/settings", headers=auth, json={**GOOD, "outage_url": "javascript:alert(1)"}
    )
    assert bad.status_code == 422 and list(bad.get_json()["fields"]) == ["outage_url"]
    assert client.get("/api/v1/settings", headers=auth).get_json()["outage_phone"] == ""
    long = client.patch("/api/v1/settings", headers=auth, json={"outage_message": "x" * 301})
    assert long.status_code == 422 and "300" in long.get_json()["fields"]["outage_message"]
    ok = client.patch("/api/v1/settings", headers=auth, json=GOOD)
    assert ok.status_code == 200 and {k: ok.get_json()[k] for k in GOOD} == GOOD


def test_parametrizacao_groups_them_and_refuses_a_bad_address(staff, session) -> None:
    page = staff.get(PAGE).get_data(as_text=True)
    fieldset = page.split("<legend>Falta de energia</legend>", 1)[1].split("</fieldset>")[0]
    assert re.findall(r'<input name="(\w+)"', fieldset) == list(GOOD)
    before = settings.load(session)
    data = {**form_values(staff, PAGE), **GOOD, "outage_url": "www.luz.example/falta"}
    response = staff.post(PAGE, data=data)
    assert response.status_code == 422
    assert "endereço http:// ou https://" in response.get_data(as_text=True)
    session.expire_all()
    assert settings.load(session) == before
    data["outage_url"] = GOOD["outage_url"]
    assert staff.post(PAGE, data=data).status_code == 302
    session.expire_all()
    values = settings.load(session)
    assert (values.outage_phone, values.outage_url, values.outage_message) == tuple(GOOD.values())


def test_the_bot_gets_them_and_the_demo_fills_them_in(session) -> None:
    load_demo(session, local_today())
    view = DbBotView(session, settings.load(session), utcnow())
    assert view.settings.outage_phone == DEMO_SETTINGS["outage_phone"] == "0800 000 0000"
    assert view.settings.outage_url.startswith("https://") and view.settings.outage_url.endswith(
        "/falta-de-energia"
    )
    assert view.settings.outage_message == DEMO_SETTINGS["outage_message"]
    for name in GOOD:
        settings.validate({name: DEMO_SETTINGS[name]}, settings.load(session))
