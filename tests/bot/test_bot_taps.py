"""WhatsApp lists and buttons as data: which replies get them, and taps read as typing."""

from __future__ import annotations

import pytest

from bot.types import Enroll, SendDocument
from tests.bot.fakes import Chat, world

MENU_NUMBERS = [1, 2, 3, 4, 6, 7]


def _ids(chat: Chat, index: int = -1) -> list[str]:
    """The option ids of the choice under reply `index`."""
    position = index % len(chat.replies)
    return [o.id for o in chat.choices[position].options]


def _titles(chat: Chat, index: int = -1) -> list[str]:
    """The option titles of the choice under reply `index`."""
    return [o.title for o in chat.choices[len(chat.replies) - 1 if index == -1 else index].options]


def test_whatsapp_menu_is_a_list_of_its_options() -> None:
    """The menu's numbered text stays the reply; its options go with it as a list picker."""
    chat = Chat(world())
    chat.send("menu")
    assert chat.replies == [chat.menu()]
    choice = chat.choices[0]
    assert choice.kind == "list"
    assert _ids(chat) == [f"m:{n}" for n in MENU_NUMBERS]
    assert _titles(chat)[0] == "2ª via da fatura"
    assert all(len(o.title) <= 24 and len(o.description) <= 72 for o in choice.options)
    assert "Olá!" in choice.body and "1 -" not in choice.body


def test_sms_menu_has_no_options() -> None:
    """SMS keeps the numbered text only (the fake asserts no choice on SMS)."""
    chat = Chat(world(), channel="sms")
    chat.send("menu")
    assert chat.choices == {}


@pytest.mark.parametrize("number", MENU_NUMBERS)
def test_tap_on_each_menu_item_is_typing_its_number(number: int) -> None:
    """A tap on item n answers exactly as typing n (replies, effects, next step)."""
    typed, tapped = Chat(world()), Chat(world())
    for chat in (typed, tapped):
        chat.send("menu")
    typed.send(str(number))
    tapped.send("título do item", tap=f"m:{number}")
    assert tapped.replies == typed.replies
    assert tapped.effects == typed.effects
    assert tapped.step == typed.step


def test_menu_tap_works_while_a_question_waits() -> None:
    """The main menu is valid at any time: its tap abandons a waiting question."""
    chat = Chat(world())
    chat.send("1")  # the invoice list waits for a number
    assert chat.step == "pick_invoice"
    chat.send("Falar com atendente", tap="m:6")
    assert chat.step is None
    assert chat.keys[0] == "handoff" or "equipe" in chat.text


def test_invoice_list_and_a_tap_on_an_invoice() -> None:
    """Menu 1 offers the invoices as a list (competência; amount and state); a tap on the
    second sends that invoice, as typing 2 does."""
    typed, tapped = Chat(world()), Chat(world())
    for chat in (typed, tapped):
        chat.send("1")
    choice = tapped.choices[len(tapped.replies) - 1]
    assert choice.kind == "list" and choice.button == "Ver faturas"
    assert [o.title for o in choice.options] == ["10/2026", "09/2026", "08/2026"]
    assert choice.options[1].description == "R$ 199,90 - paga"
    typed.send("2")
    tapped.send("09/2026", tap=choice.options[1].id)
    assert tapped.replies == typed.replies
    assert tapped.effects == typed.effects == [SendDocument(2, "second_copy")]


def test_stale_invoice_tap_never_acts_twice() -> None:
    """The same list tapped again after the copy went: told so, nothing sent again."""
    chat = Chat(world())
    chat.send("1")
    option = chat.choices[len(chat.replies) - 1].options[0]
    chat.send("10/2026", tap=option.id)
    assert chat.effects == [SendDocument(3, "second_copy")]
    chat.send("10/2026", tap=option.id)
    assert chat.effects == []
    assert chat.replies[0].startswith("Essa opção é de uma mensagem anterior")
    assert _ids(chat, 0)[0] == "m:1"  # the menu again, tappable


def _to_confirmation(chat: Chat) -> None:
    """Menu 3, aderir by e-mail, no other recipient, no printed copy: the sim/não to enrol."""
    for text in ("3", "1", "1", "maria@example.com", "nao"):
        chat.send(text)
    chat.send("nao")
    assert chat.step == "confirm"


def test_yes_no_questions_are_buttons_and_a_tap_confirms_once() -> None:
    """Each sim/não step offers two buttons; tapping Sim enrols; tapping it again does not."""
    chat = Chat(world())
    _to_confirmation(chat)
    choice = chat.choices[len(chat.replies) - 1]
    assert choice.kind == "buttons" and [o.title for o in choice.options] == ["Sim", "Não"]
    assert "Responda SIM" not in choice.body
    yes = choice.options[0].id
    chat.send("Sim", tap=yes)
    assert [type(e) for e in chat.effects] == [Enroll]
    chat.send("Sim", tap=yes)
    assert chat.effects == []
    assert "mensagem anterior" in chat.replies[0]


def test_no_button_is_typing_nao() -> None:
    """Não tapped drops the enrolment, as typed."""
    typed, tapped = Chat(world()), Chat(world())
    for chat in (typed, tapped):
        _to_confirmation(chat)
    typed.send("não")
    tapped.send("Não", tap=tapped.choices[len(tapped.replies) - 1].options[1].id)
    assert tapped.replies == typed.replies and tapped.effects == typed.effects == []


def test_buttons_of_a_question_asked_again_still_answer_it() -> None:
    """ "talvez" asks the same question again: its earlier buttons still answer it."""
    chat = Chat(world())
    _to_confirmation(chat)
    old = chat.choices[len(chat.replies) - 1].options[0].id
    chat.send("talvez")
    assert chat.choices[len(chat.replies) - 1].options[0].id == old
    chat.send("Sim", tap=old)
    assert [type(e) for e in chat.effects] == [Enroll]


def test_tap_on_the_same_step_of_an_abandoned_flow_is_stale() -> None:
    """The confirmation of a flow abandoned (MENU) and started again is another question:
    the first one's Sim does not enrol; the new one's does."""
    chat = Chat(world())
    _to_confirmation(chat)
    old = chat.choices[len(chat.replies) - 1].options[0].id
    chat.send("menu")
    _to_confirmation(chat)
    new = chat.choices[len(chat.replies) - 1].options[0].id
    assert new != old
    chat.send("Sim", tap=old)
    assert chat.effects == [] and chat.step == "confirm"
    chat.send("Sim", tap=new)
    assert [type(e) for e in chat.effects] == [Enroll]


@pytest.mark.parametrize("tap", ["x:1", "r::", "m:abc", "r:" + "9" * 500, "m:99"])
def test_hostile_tap_ids_are_read_as_text_or_refused(tap: str) -> None:
    """Unknown or forged ids never crash: the text is read, or the tap is stale."""
    chat = Chat(world())
    chat.send("menu", tap=tap)
    assert chat.replies
