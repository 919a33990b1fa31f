"""Tappable menus on WhatsApp through the real webhook, queue and fake Twilio (Content API
included): the menu as a list picker and sim/não as buttons, each template created once;
taps reaching the same flow as typing; SMS, the window's end and a failing Content API
getting the numbered text. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from bot.texts import text
from channels.twilio_messaging import TwilioChannel
from models import DeliveryMedium, InboundMessage, WhatsappContent, utcnow
from services.chat import rich_replies
from services.erp.demo import DEMO_PHONE
from tests.support.chat import AUTH_TOKEN, post, replies
from tests.support.fake_twilio import FakeTwilio, Recorded
from tests.support.handoffs import twilio_app

SID = "AC" + "3" * 32
TO = f"whatsapp:{DEMO_PHONE}"
LIST, BUTTONS = "twilio/list-picker", "twilio/quick-reply"


@pytest.fixture
def rich_app(db, session, tmp_path):  # type: ignore[no-untyped-def]
    """The demo distributor on WhatsApp and SMS through the fake Twilio; (app, fake)."""
    from services.core.clock import local_today
    from services.erp.demo import load_demo

    load_demo(session, local_today())
    fake = FakeTwilio(credentials=(SID, AUTH_TOKEN)).start()
    app = twilio_app(db, str(tmp_path / "m"), fake, twilio_account_sid=SID,
                     twilio_whatsapp_from="+553130000000",
                     twilio_whatsapp_handoff_template_sid=None)  # fmt: skip
    with app.app_context():
        yield app, fake
    app.extensions["fatura"].queue.join(5.0)
    fake.stop()


def say(app, text_: str, channel: str = "whatsapp", **tap: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Post a message (or a tap: ListId=…, ButtonPayload=…); the TwiML replies, once the
    REST replies it queued are out."""
    response = post(app.test_client(), text_, channel=channel, extra=tap or None)
    assert response.status_code == 200
    app.extensions["fatura"].queue.join(10.0)
    return replies(response)


def content_of(fake: FakeTwilio, message: Recorded) -> tuple[str, dict, dict[str, str]]:  # type: ignore[type-arg]
    """(type, template, variables) of a message sent with a ContentSid."""
    template = fake.contents[message["ContentSid"]]["types"]
    (kind,) = [k for k, v in template.items() if v]
    return kind, template[kind], json.loads(message["ContentVariables"])


def options(fake: FakeTwilio, message: Recorded) -> list[tuple[str, str]]:
    """(title, id) of each option of an interactive message, variables filled in."""
    kind, body, variables = content_of(fake, message)
    entries = body["items"] if kind == LIST else body["actions"]
    name = "item" if kind == LIST else "title"

    def fill(placeholder: str) -> str:
        return variables[placeholder.strip("{}")]

    return [(fill(e[name]), fill(e["id"])) for e in entries]


def recorded_texts(session, count: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The numbered texts recorded for the last `count` messages of the demo number."""
    session.expire_all()
    query = select(InboundMessage).where(InboundMessage.from_number == DEMO_PHONE)
    rows = list(session.scalars(query.order_by(InboundMessage.id.desc()).limit(count)))
    return [[r if isinstance(r, str) else r["text"] for r in row.replies] for row in rows[::-1]]


def test_menu_goes_out_as_a_list_picker(rich_app) -> None:  # type: ignore[no-untyped-def]
    """Empty TwiML; then one message with the list picker's ContentSid and variables."""
    app, fake = rich_app
    assert say(app, "menu") == []
    (message,) = fake.messages(TO)
    kind, body, variables = content_of(fake, message)
    assert kind == LIST and body["button"] == "Ver opções"
    assert variables["1"].startswith("Olá!")
    titles = [t for t, _ in options(fake, message)]
    assert titles[0] == "2ª via da fatura" and "Falar com atendente" in titles
    assert [i for _, i in options(fake, message)][:2] == ["m:1", "m:2"]


def test_yes_no_goes_out_as_buttons(rich_app) -> None:  # type: ignore[no-untyped-def]
    """The digital-invoice path: its submenu and its sim/não are quick-reply buttons."""
    app, fake = rich_app
    for typed in ("3", "1", "1", "maria.nova@example.com"):
        say(app, typed)
    last = fake.messages(TO)[-1]
    kind, _, variables = content_of(fake, last)
    assert kind == BUTTONS and [t for t, _ in options(fake, last)] == ["Sim", "Não"]
    assert variables["1"] == "Quer cadastrar mais algum destinatário?"


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_tap_on_each_menu_item_reaches_its_typed_flow(rich_app, session, number: int) -> None:  # type: ignore[no-untyped-def]
    """Tapping item n (ListId m:n) records the same replies as typing n."""
    app, _ = rich_app
    say(app, "menu")
    say(app, str(number))
    say(app, "menu")
    say(app, "item", ListId=f"m:{number}", ListTitle="item")
    typed, tapped = recorded_texts(session, 3)[0], recorded_texts(session, 1)[0]
    assert tapped == typed and tapped


def test_a_tapped_button_confirms_and_a_second_tap_does_nothing(rich_app, session) -> None:  # type: ignore[no-untyped-def]
    """ButtonPayload of "Não" then "Sim" of the printed-copy and confirm questions."""
    app, fake = rich_app
    for typed in ("3", "1", "1", "maria.nova@example.com", "nao", "nao"):
        say(app, typed)
    confirm = fake.messages(TO)[-1]
    yes = options(fake, confirm)[0][1]
    assert say(app, "Sim", ButtonPayload=yes, ButtonText="Sim") == [text("enrolled")]
    sent = len(fake.messages(TO))
    assert say(app, "Sim", ButtonPayload=yes, ButtonText="Sim") == []
    (menu,) = fake.messages(TO)[sent:]  # the menu again, under a line saying why
    assert content_of(fake, menu)[2]["1"].startswith("Essa opção é de uma mensagem anterior")
    assert len(recorded_texts(session, 1)[0]) == 1  # nothing enrolled twice: one reply


def test_sms_menu_is_numbered_text_in_twiml(rich_app) -> None:  # type: ignore[no-untyped-def]
    """SMS: the numbered menu in the webhook's answer; no content template at all."""
    app, fake = rich_app
    (menu,) = say(app, "menu", channel="sms")
    assert "1 2a via" in menu
    assert fake.contents == {} and fake.requests == []


def test_outside_the_window_the_numbered_text_goes(rich_app, session) -> None:  # type: ignore[no-untyped-def]
    """A reply with options sent after the 24-hour window: its numbered text (through the
    approved template, as any text then), and no list or buttons template."""
    app, fake = rich_app
    config = replace(app.extensions["fatura"].config, twilio_whatsapp_template_sid="HX" + "0" * 32)
    old = utcnow() - timedelta(hours=25)
    channel = TwilioChannel(config, DeliveryMedium.WHATSAPP, lambda phone: old)
    choice = {"kind": "buttons", "body": "Confirma?", "options": [["r:SIM:x", "Sim", ""]]}
    entry = {"text": "Confirma? Responda SIM ou NÃO.", "choice": choice}
    rich_replies.send(channel, DEMO_PHONE, entry, session)
    (message,) = fake.messages(TO)
    assert message["ContentSid"] == "HX" + "0" * 32
    assert json.loads(message["ContentVariables"])["1"] == entry["text"]
    assert fake.contents == {}


def test_a_content_api_failure_still_delivers_the_numbered_text(rich_app) -> None:  # type: ignore[no-untyped-def]
    """Twilio's Content API answers 500: the menu goes as its numbered text."""
    app, fake = rich_app
    fake.fail_content(500, 20500, "Internal Server Error")
    say(app, "menu")
    (message,) = fake.messages(TO)
    assert "ContentSid" not in message.form
    assert "1 - 2ª via da fatura" in message["Body"]


def test_each_content_is_created_once(rich_app, session) -> None:  # type: ignore[no-untyped-def]
    """The menu three times: one template, three messages with its sid; warm, the worker
    does not even read the table (its row gone, nothing is created again)."""
    app, fake = rich_app
    say(app, "menu")
    session.execute(delete(WhatsappContent))
    session.commit()
    say(app, "oi")
    say(app, "menu")
    sids = [m["ContentSid"] for m in fake.messages(TO)]
    assert len(sids) == 3 and len(set(sids)) == 1
    assert len(fake.contents) == 1
