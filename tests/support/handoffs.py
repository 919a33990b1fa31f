"""Hand-offs driven as consumers and staff drive them: a signed "atendente" through the
webhook, and the staff actions through the admin's real forms (CSRF token from the page)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import create_app
from models import Conversation, Database, Handoff, HandoffMessage, utcnow
from services import settings
from services.settings import store
from tests.conftest import make_config
from tests.support.admin_client import post_form
from tests.support.chat import AUTH_TOKEN, BASE_URL, DEMO_PHONE, post, replies, sign
from tests.support.fake_twilio import FakeTwilio

HANDOFF_SID = "HX" + "2" * 32  # TWILIO_WHATSAPP_HANDOFF_TEMPLATE_SID of the tests
TO = f"whatsapp:{DEMO_PHONE}"
ALWAYS = "seg-dom 00:00-24:00"  # people answer every hour of every day: the bot steps aside
PROTOCOL = re.compile(r"[Pp]rotocolo: (\d{14})")


def business_hours(session: Session, hours: str = ALWAYS, holidays: str = "") -> None:
    """Set when people answer (settings handoff_hours, handoff_holidays)."""
    settings.update(session, {"handoff_hours": hours, "handoff_holidays": holidays}, actor="test")


def forget_settings() -> None:
    """Drop the chat's settings cache, so the next test reads its own database's."""
    store._cache = None


def ask_for_person(
    client: Any, channel: str = "whatsapp", phone: str = DEMO_PHONE
) -> tuple[str, list[str]]:
    """The consumer asks for a person; the protocol number given, and every reply."""
    answer = replies(post(client, "quero falar com um atendente", channel, phone))
    found = next((PROTOCOL.search(text) for text in answer if PROTOCOL.search(text)), None)
    assert found, answer
    return found[1], answer


def handoff_of(session: Session, protocol: str) -> Handoff:
    """The hand-off with that protocol, fresh from the database."""
    session.expire_all()
    return session.scalars(select(Handoff).where(Handoff.protocol == protocol)).one()


def page(handoff_id: int) -> str:
    """The hand-off's conversation page."""
    return f"/admin/atendimentos/{handoff_id}"


def act(client: Any, handoff_id: int, action: str, **fields: str) -> Any:
    """POST one of the page's forms (assumir, assumir-no-lugar, responder, anexar, encerrar)."""
    return post_form(client, f"{page(handoff_id)}/{action}", fields, page=page(handoff_id))


def lines(client: Any, handoff_id: int) -> list[dict[str, str]]:
    """The transcript as the page's polling script gets it."""
    answer = client.get(f"{page(handoff_id)}/mensagens.json")
    assert answer.status_code == 200
    return answer.get_json()["lines"]


def staff_lines(client: Any, handoff_id: int) -> list[dict[str, str]]:
    """Only the staff messages of the transcript."""
    return [line for line in lines(client, handoff_id) if line["side"] == "staff"]


def twilio_app(db: Database, media: str, fake: FakeTwilio, queue: Any = None, **config: Any) -> Any:
    """The app on the fake Twilio (WhatsApp and SMS, the hand-off template), webhooks signed
    as Twilio signs them; `config` overrides any of these values, `queue` the job queue."""
    values = {
        "twilio_account_sid": "AC" + "0" * 32,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_api_base_url": fake.url,
        "twilio_whatsapp_from": "whatsapp:+553130000000",
        "twilio_sms_from": "+553130000000",
        "twilio_whatsapp_handoff_template_sid": HANDOFF_SID,
        "public_base_url": BASE_URL,
        "media_dir": media,
        **config,
    }
    return create_app(make_config(db.url, **values), db=db, queue=queue)


def jobs(app: Any) -> None:
    """Wait until the in-process queue has sent what was queued."""
    app.extensions["fatura"].queue.join(20.0)


def taken(client: Any, session: Session, channel: str = "whatsapp") -> Handoff:
    """The consumer asks for a person and the logged-in staff member takes it."""
    protocol, _ = ask_for_person(client, channel)
    handoff = handoff_of(session, protocol)
    act(client, handoff.id, "assumir")
    return handoff


def last_wrote(session: Session, ago: timedelta) -> None:
    """The consumer's last message was `ago`: outside WhatsApp's window past 24 hours."""
    session.execute(update(Conversation).values(last_inbound_at=utcnow() - ago))
    session.commit()


def messages(session: Session) -> list[HandoffMessage]:
    """Every staff message, oldest first, fresh from the database."""
    session.expire_all()
    return list(session.scalars(select(HandoffMessage).order_by(HandoffMessage.id)))


def status_callback(client: Any, sid: str, status: str, **extra: str) -> None:
    """A signed status callback, as Twilio posts it."""
    form = {"MessageSid": sid, "AccountSid": "ACtest", "MessageStatus": status, "To": TO, **extra}
    path = "/webhooks/twilio/status"
    answer = client.post(path, data=form, headers={"X-Twilio-Signature": sign(path, form)})
    assert answer.status_code == 200
