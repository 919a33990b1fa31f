"""The chat simulator draws WhatsApp lists and buttons from the recorded replies, sends a
tap as Twilio does (ListId / ButtonPayload) and a voice note as an audio message."""

from __future__ import annotations

from app import create_app
from services.core.clock import local_today
from services.erp.demo import DEMO_PHONE, load_demo
from tests.conftest import make_config


def test_menu_options_are_drawn_and_a_tap_reaches_the_flow(db, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The embedded default: the menu comes with its list; tapping 4 lists the debts."""
    load_demo(session, local_today())
    config = make_config(db.url, app_env="development", media_dir=str(tmp_path / "m"))
    application = create_app(config, db=db)
    with application.app_context():
        client = application.test_client()
        say = {"channel": "whatsapp", "phone": DEMO_PHONE}
        menu = client.post("/simulator/send", json={**say, "text": "menu"}).get_json()
        (choice,) = menu["choices"]
        assert choice["kind"] == "list" and choice["options"][3][:2] == ["m:4", "Débitos em aberto"]
        tap = {**say, "tap": "m:4", "list": True, "text": "Débitos em aberto"}
        debts = client.post("/simulator/send", json=tap).get_json()
        typed = client.post("/simulator/send", json={**say, "text": "4"}).get_json()
        assert debts["replies"] == typed["replies"] and "R$" in debts["replies"][0]
        sms = client.post("/simulator/send", json={**say, "channel": "sms", "text": "menu"})
        assert sms.get_json()["choices"] == [None]


def test_a_voice_note_gets_the_audio_answer(db, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The voice button posts an audio medium; the bot says it does not listen yet."""
    config = make_config(db.url, app_env="development", media_dir=str(tmp_path / "m"))
    application = create_app(config, db=db)
    with application.app_context():
        body = {"channel": "whatsapp", "phone": "+5521988776655", "text": "", "voice": True}
        answer = application.test_client().post("/simulator/send", json=body).get_json()
    assert "áudio" in " ".join(answer["replies"])
