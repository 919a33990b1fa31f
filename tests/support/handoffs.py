"""Hand-offs driven as consumers and staff drive them: a signed "atendente" through the
webhook, and the staff actions through the admin's real forms (CSRF token from the page)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Handoff
from services import settings
from services.settings import store
from tests.support.admin_client import post_form
from tests.support.chat import DEMO_PHONE, post, replies

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
