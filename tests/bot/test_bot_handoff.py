"""A person in the chat (issue 17, the bot's side), on WhatsApp and SMS: the hand-off within
and outside business hours, the bot stepping aside (one acknowledgement, MENU back, SAIR
still works), the survey after staff close, and PROTOCOLO."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.types import Handoff, HandoffReturned, OptOut, ProtocolInfo, SurveyAnswered
from tests.bot.fakes import Chat, world

CHANNELS = ["whatsapp", "sms"]
HOURS = {"handoff_hours": "seg-sex 08:00-18:00", "handoff_holidays": "25/12/2026"}


def _in_hours(channel: str) -> Chat:
    """Maria on a Tuesday at 09:00, people answering."""
    return Chat(world(**HOURS), channel=channel)


@pytest.mark.parametrize("channel", CHANNELS)
def test_within_hours_the_bot_steps_aside_with_one_acknowledgement(channel: str) -> None:
    """ATENDENTE: the hand-off (in hours); then one acknowledgement, then silence, while the
    consumer's messages go to staff."""
    chat = _in_hours(channel)
    chat.send("quero falar com um atendente")
    assert chat.effects == [Handoff("131030", "Pediu atendente (ATENDENTE)", in_hours=True)]
    assert chat.keys == ["handoff"]
    chat.send("minha conta veio muito alta")
    assert chat.keys == ["handoff_waiting"] and chat.effects == []
    chat.send("2via", silent=True)  # even keywords go to staff
    chat.send("alguém aí?", silent=True)
    chat.send("oi", after=timedelta(hours=2), silent=True)  # no idle restart of a hand-off


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_gives_the_consumer_back_to_the_bot(channel: str) -> None:
    """MENU: the hand-off is returned (staff see it), the menu comes back, and the bot
    answers again."""
    chat = _in_hours(channel)
    chat.send("atendente")
    chat.send("MENU")
    assert chat.effects == [HandoffReturned()]
    assert chat.replies == [chat.menu("handoff_returned")]
    chat.send("2via")
    assert chat.keys == ["copy_sent"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_sair_still_opts_out_during_a_hand_off(channel: str) -> None:
    """The carriers' opt-out works whoever has the conversation."""
    chat = _in_hours(channel)
    chat.send("atendente")
    chat.send("SAIR")
    assert chat.effects == [OptOut()]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("when", "opening"),
    [((2026, 11, 14, 10), "segunda, 16/11 às 08:00"),  # Saturday
     ((2026, 11, 10, 19), "amanhã às 08:00"),  # Tuesday evening
     ((2026, 11, 10, 6), "hoje às 08:00"),  # Tuesday dawn
     ((2026, 12, 24, 19), "segunda, 28/12 às 08:00")],  # Christmas Eve: the 25th is a holiday
)  # fmt: skip
def test_outside_hours_the_consumer_is_told_when_and_the_bot_keeps_serving(
    channel: str, when: tuple[int, int, int, int], opening: str
) -> None:
    """Outside business hours (or on a holiday): when people will answer; the hand-off waits
    (not in hours) and the bot keeps answering everything else."""
    chat = _in_hours(channel)
    year, month, day, hour = when
    chat.now = chat.now.replace(year=year, month=month, day=day, hour=hour)
    chat.send("atendente", after=timedelta(0))
    assert chat.effects == [Handoff("131030", "Pediu atendente (ATENDENTE)", in_hours=False)]
    assert chat.replies == chat.says("handoff_closed", hours="seg-sex 08:00-18:00", next=opening)
    chat.send("atendente")
    assert chat.keys == ["handoff_already"] and chat.effects == []
    chat.send("2via 10/2026")
    assert chat.keys == ["copy_sent"]


def _surveyed(channel: str) -> Chat:
    """A chat whose hand-off 7 staff just closed (the state staff leave behind)."""
    chat = _in_hours(channel)
    until = (chat.now + timedelta(hours=24)).isoformat()
    chat.state = {"survey": {"id": 7, "until": until}}
    return chat


@pytest.mark.parametrize("channel", CHANNELS)
def test_survey_rating_then_an_optional_comment(channel: str) -> None:
    """ "5", then a comment in its own message: both kept on hand-off 7."""
    chat = _surveyed(channel)
    chat.send("5")
    assert chat.effects == [SurveyAnswered(7, 5, None)] and chat.keys == ["survey_ask_comment"]
    chat.send("a moça foi muito atenciosa")
    assert chat.effects == [SurveyAnswered(7, None, "a moça foi muito atenciosa")]
    assert chat.keys == ["survey_comment_thanks"]
    chat.send("obrigado")
    assert chat.keys == ["thanks"]  # the survey is over


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("text", "rating", "comment"),
    [("4 - demorou um pouco", 4, "demorou um pouco"), ("nota 3", 3, None), ("1/5", 1, None),
     ("5, ótimo atendimento!", 5, "ótimo atendimento!")],
)  # fmt: skip
def test_survey_answers_as_people_write_them(
    channel: str, text: str, rating: int, comment: str | None
) -> None:
    """A rating with or without a comment in the same message."""
    chat = _surveyed(channel)
    chat.send(text)
    assert chat.effects == [SurveyAnswered(7, rating, comment)]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("text", ["quero a 2 via", "131030", "6", "9"])
def test_anything_else_drops_the_survey_and_is_answered_as_usual(channel: str, text: str) -> None:
    """Not a 1-5 answer: no rating is invented, and the message gets its usual answer."""
    chat = _surveyed(channel)
    chat.send(text)
    assert not any(isinstance(e, SurveyAnswered) for e in chat.effects)
    assert "survey" not in chat.state


def test_an_expired_survey_is_ignored() -> None:
    """A day later, "5" is the menu's option 5 or a miss, not a rating."""
    chat = _surveyed("whatsapp")
    chat.send("5", after=timedelta(hours=25))
    assert not any(isinstance(e, SurveyAnswered) for e in chat.effects)


def test_a_request_after_the_rating_is_no_comment() -> None:
    """After "5", a request is answered, not stored as a comment."""
    chat = _surveyed("whatsapp")
    chat.send("5")
    chat.send("me manda a segunda via de outubro")
    assert not any(isinstance(e, SurveyAnswered) for e in chat.effects)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("text", ["PROTOCOLO", "qual o meu protocolo?"])
def test_protocolo_lists_the_numbers_protocols(channel: str, text: str) -> None:
    """PROTOCOLO or free text: the last protocols with their status (two on SMS)."""
    chat = _in_hours(channel)
    chat.view.protocol_rows = [
        ProtocolInfo("20261110000002", "handoff", date(2026, 11, 10), "taken"),
        ProtocolInfo("20261109000007", "outage", date(2026, 11, 9), "closed"),
        ProtocolInfo("20261101000001", "handoff", date(2026, 11, 1), "closed"),
    ]
    chat.send(text)
    assert chat.keys == ["protocols"]
    assert "20261110000002 - atendimento de 10/11: em atendimento" in chat.last
    assert "20261109000007 - falta de energia de 09/11: encerrado" in chat.last
    assert ("20261101000001" in chat.last) is (channel == "whatsapp")


def test_protocolo_without_any() -> None:
    """No protocol yet: says so, and how one is made."""
    chat = _in_hours("whatsapp")
    chat.send("protocolo")
    assert chat.keys == ["no_protocols"]
