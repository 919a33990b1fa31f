"""The hand-off through the real webhooks (issue 17, the chat's side): the protocol number
given when a hand-off or an outage report opens, the bot stepping aside while people answer,
MENU back to the bot, PROTOCOLO, and the survey's answer kept on the hand-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Handoff, OutageReport, utcnow
from services import settings
from services.handoff.conversation_state import hand_back
from tests.support.chat import DEMO_PHONE, post, replies

ALWAYS = {"handoff_hours": "seg-dom 00:00-24:00"}


@pytest.fixture
def chat(chat_app, session):  # type: ignore[no-untyped-def]
    """The demo distributor's app, with people answering at any hour."""
    settings.update(session, ALWAYS, "test")
    return chat_app


def _say(chat, text: str, channel: str = "whatsapp") -> list[str]:  # type: ignore[no-untyped-def]
    """One signed message; its replies."""
    response = post(chat.test_client(), text, channel=channel)
    assert response.status_code == 200
    return replies(response)


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_a_hand_off_gets_a_protocol_and_the_bot_steps_aside(chat, session, channel) -> None:
    """ATENDENTE: the reply names the protocol stored on the hand-off; then one
    acknowledgement, then silence (the messages are kept for staff); MENU brings the bot back
    and staff see the hand-off returned."""
    answer = _say(chat, "quero falar com um atendente", channel)
    session.expire_all()
    [handoff] = session.scalars(select(Handoff))
    assert handoff.protocol and len(handoff.protocol) == 14 and handoff.in_hours
    assert any(handoff.protocol in line for line in answer)
    assert _say(chat, "minha conta veio alta", channel)  # the one acknowledgement
    assert _say(chat, "2via", channel) == []  # staff have the conversation
    menu = "\n".join(_say(chat, "MENU", channel))
    assert "1" in menu and ("automático" in menu or "automatico" in menu)
    session.expire_all()
    handoff = session.get(Handoff, handoff.id)
    assert handoff.returned_at is not None and handoff.handled_at is not None


def test_outage_reports_get_protocols_in_sequence_and_protocolo_lists_them(chat, session) -> None:
    """Two outage reports and a hand-off: consecutive protocols of today, all listed by
    PROTOCOLO, newest first."""
    _say(chat, "estou sem luz")
    _say(chat, "caiu a energia de novo")
    session.expire_all()
    first, second = (
        r.protocol for r in session.scalars(select(OutageReport).order_by(OutageReport.id))
    )
    assert int(second) == int(first) + 1
    listed = "\n".join(_say(chat, "qual o meu protocolo?"))
    assert listed.index(second) < listed.index(first)


def test_the_survey_answer_is_kept_on_the_closed_hand_off(chat, session) -> None:
    """Staff close (hand_back); "5 muito bom" is stored as the rating and comment."""
    _say(chat, "atendente")
    session.expire_all()
    [handoff] = session.scalars(select(Handoff))
    handoff.handled_at, handoff.handled_by = utcnow(), "admin"
    hand_back(session, "whatsapp", DEMO_PHONE, handoff.id, utcnow())
    session.commit()
    thanks = "\n".join(_say(chat, "5 muito bom"))
    assert "Obrigado" in thanks
    session.expire_all()
    handoff = session.get(Handoff, handoff.id)
    assert (handoff.rating, handoff.rating_comment) == (5, "muito bom")
    assert handoff.rated_at is not None and handoff.rated_at - utcnow() < timedelta(minutes=1)
