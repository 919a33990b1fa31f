"""Main menu, help, garbage, hand-off, opt-out and the 30-minute restart."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.types import Handoff, OptIn, OptOut
from tests.bot.fakes import PHONE, STRANGER, Chat, world

CHANNELS = ["whatsapp", "sms"]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("greeting", ["oi", "OLÁ", "Menu"])
def test_menu_lists_options_without_updated_debt(channel: str, greeting: str) -> None:
    """Options 1-4 and 6 and SAIR; option 5 only when the updated debt is enabled."""
    chat = Chat(world(), channel=channel)
    chat.send(greeting)
    text = chat.text
    for option in ("1", "2", "3", "4", "6", "SAIR"):
        assert option in text
    assert "tualizado" not in text
    assert chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_with_updated_debt(channel: str) -> None:
    """Option 5 appears when settings.updated_debt_enabled."""
    chat = Chat(world(updated_debt_enabled=True), channel=channel)
    chat.send("menu")
    assert "5" in chat.text and "tualizado" in chat.text


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("garbage", ["asdfgh", "quero falar sobre o tempo", "9", "0", "", "🙂"])
def test_garbage_gets_menu_with_hint(channel: str, garbage: str) -> None:
    """Unknown input: 'Não entendi' and the menu, never silence."""
    chat = Chat(world(), channel=channel)
    chat.send(garbage)
    assert chat.replies[0].startswith(("Não entendi", "Nao entendi"))
    assert "1" in chat.text and "6" in chat.text
    assert chat.effects == []


def test_help_lists_keywords_in_one_message() -> None:
    """AJUDA on WhatsApp: one message with every keyword (WhatsApp ones only with Channel)."""
    chat = Chat(world())
    chat.send("ajuda")
    assert len(chat.replies) == 1
    for word in ("MENU", "2VIA", "BARRA", "DEBITOS", "ADERIR", "ADESAO", "CANCELAR", "ATENDENTE"):
        assert word in chat.last
    assert "WHATSAPP" not in chat.last and "ATUALIZAR" not in chat.last
    chat = Chat(world(channel_enabled=True, updated_debt_enabled=True))
    chat.send("AJUDA")
    assert "WHATSAPP" in chat.last and "ATUALIZAR" in chat.last


@pytest.mark.parametrize("updated", [False, True])
def test_help_on_sms_is_one_short_message(updated: bool) -> None:
    """AJUDA on SMS fits one SMS."""
    chat = Chat(world(updated_debt_enabled=updated), channel="sms")
    chat.send("Ajuda")
    assert len(chat.replies) == 1 and "2VIA" in chat.last and "SAIR" in chat.last


@pytest.mark.parametrize("channel", CHANNELS)
def test_atendente_keyword_and_menu_option(channel: str) -> None:
    """ATENDENTE and option 6 record a hand-off with the bound UC."""
    chat = Chat(world(), channel=channel)
    chat.send("atendente")
    assert chat.effects == [Handoff("131030", "Pediu atendente (ATENDENTE)")]
    assert "pessoa" in chat.last
    chat.send("6")
    assert [type(e) for e in chat.effects] == [Handoff]


def test_handoff_of_unidentified_number_has_no_uc() -> None:
    """A number on file for nobody: the hand-off carries no UC."""
    chat = Chat(world(), phone=STRANGER)
    chat.send("ATENDENTE")
    assert chat.effects == [Handoff(None, "Pediu atendente (ATENDENTE)")]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("word", ["SAIR", "parar", "Stop"])
def test_opt_out_and_back(channel: str, word: str) -> None:
    """SAIR/PARAR/STOP opt out; anything but VOLTAR gets a reminder; VOLTAR opts back in."""
    chat = Chat(world(), channel=channel)
    chat.send(word)
    assert chat.effects == [OptOut()] and "VOLTAR" in chat.last
    assert chat.state["opted_out"] is True
    for text in ("oi", "2via", "1", "sair", "atendente"):
        chat.send(text)
        assert len(chat.replies) == 1 and "VOLTAR" in chat.last and chat.effects == []
    chat.send("voltar", after=timedelta(hours=5))
    assert chat.effects == [OptIn()]
    assert "1" in chat.text and "6" in chat.text
    assert "opted_out" not in chat.state
    chat.send("debitos")
    assert "131030" in chat.text


def test_opt_out_survives_idle_restart() -> None:
    """The 30-minute restart forgets the flow, never the opt-out."""
    chat = Chat(world())
    chat.send("sair")
    chat.send("menu", after=timedelta(days=3))
    assert "VOLTAR" in chat.last and chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_updated_debt_disabled(channel: str) -> None:
    """ATUALIZAR and option 5 while disabled: polite 'not available' plus a menu hint."""
    chat = Chat(world(), channel=channel)
    for text in ("atualizar", "5"):
        chat.send(text)
        assert "dispon" in chat.last and "MENU" in chat.last
        assert chat.effects == []


def test_idle_restart_forgets_pending_flow() -> None:
    """After 30 idle minutes a bare number is a menu option again, not the old flow's answer."""
    chat = Chat(world())
    chat.send("1")
    assert chat.state["pending"]["step"] == "pick_invoice"
    chat.send("2", after=timedelta(minutes=29))
    assert chat.effects and "2ª via" in chat.last  # still the list: picked invoice 2
    chat.send("1")
    chat.send("1", after=timedelta(minutes=31))
    assert chat.effects == [] and "Faturas da UC 131030" in chat.last  # menu option 1 again
    assert chat.state["last_at"] == chat.now.isoformat()


def test_keyword_abandons_pending_flow() -> None:
    """Keywords are global: MENU while the bot waits for a CPF shows the menu."""
    chat = Chat(world(), phone=STRANGER)
    chat.send("2via 200200")
    assert chat.state["pending"]["step"] == "ask_cpf"
    chat.send("menu")
    assert "pending" not in chat.state and "1" in chat.last


def test_bare_cancelar_aborts_flow() -> None:
    """CANCELAR alone while a flow waits: the flow is dropped."""
    chat = Chat(world())
    chat.send("3")
    chat.send("cancelar")
    assert "cancelado" in chat.last and "pending" not in chat.state and chat.effects == []


def test_new_number_with_empty_state() -> None:
    """A brand-new number starts from {} and gets last_at stored."""
    chat = Chat(world(), phone=PHONE)
    chat.send("oi")
    assert set(chat.state) == {"last_at"}
