"""A consumer's message as the answer to a template: an invoice notice's
(services/delivery/whatsapp_notice.py) or a hand-off's (services/handoff/window.py).

Outside WhatsApp's 24-hour window an invoice notice opens with the approved template and
the rest of it waits for the number to write. Its next message releases the rest; when
that message is not a keyword (a tap on the template's button, "ok", "obrigado"), it is
answered by saying what follows instead of by the bot's "Não entendi". Staff texts held
behind the hand-off template are released by the same message, whatever it says.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bot.conversation import parse as parse_keyword
from bot.nlu.reading import SMALL_TALK, Sureness, read
from services.delivery import whatsapp_notice
from services.handoff import window as handoff_window


class Sender(Protocol):
    """Who wrote: the channel and the number (an inbound request)."""

    channel: str
    phone: str


def waiting_notices(
    session: Session, sender: Sender, last_inbound_at: datetime | None, now: datetime
) -> list[tuple[str, str]]:
    """(competência, UC) of the notices held for this WhatsApp number until it writes,
    looked up only when it had not written for a day (a template went out only then)."""
    if sender.channel != "whatsapp" or not whatsapp_notice.may_answer(last_inbound_at, now):
        return []
    return whatsapp_notice.waiting(session, sender.phone)


def answers_notice(state: dict[str, Any], text: str, today: date) -> bool:
    """True when a message answers the template rather than asks something: not a keyword
    and not a sentence the bot surely reads as a request ("quero a 2 via de outubro": those
    the bot still answers, and the rest of the notice follows anyway), and not from a number
    that opted out."""
    if state.get("opted_out") or parse_keyword(text) is not None:
        return False
    found = read(text, today)
    return not (found.sureness is Sureness.SURE and found.intent not in SMALL_TALK)


def held_staff_texts(
    session: Session, sender: Sender, last_inbound_at: datetime | None, now: datetime
) -> list[int]:
    """Release the staff texts held for this WhatsApp number behind the hand-off template
    (ids to enqueue after commit); looked up only when it had not written for a day, as a
    template went out only then."""
    if sender.channel != "whatsapp" or not whatsapp_notice.may_answer(last_inbound_at, now):
        return []
    return handoff_window.release(session, sender.phone, now)
