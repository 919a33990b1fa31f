"""The conversation table: every entry point, step and fallback declared once, and the
engine doing what the rows say."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import conversation
from bot.context import Ctx
from bot.conversation import FALLBACKS, INTENTS, KEYWORDS, MENU, STEPS, Intent
from bot.grammar import Keyword
from bot.state import Action, StepName
from bot.texts import MENU_OPTIONS
from bot.types import BotSettings
from tests.bot.fakes import STRANGER, Chat, world

DOCUMENTED_KEYWORDS = [
    "MENU", "OI", "OLA", "2VIA", "BARRA", "DEBITOS", "ADERIR", "ADESAO", "CANCELAR",
    "ATUALIZAR", "ATENDENTE", "SAIR", "PARAR", "STOP", "VOLTAR", "AJUDA", "NEGOCIAR",
    "PARCELAR",
]  # fmt: skip


def test_menu_numbers_come_from_one_list_and_name_intents_of_the_table() -> None:
    """Options 1-7 in order, each starting an intent of the table."""
    assert [o.number for o in MENU_OPTIONS] == [1, 2, 3, 4, 5, 6, 7]
    assert {n: i.name for n, i in MENU.items()} == {
        1: "2via_list", 2: "barra_open", 3: "digital", 4: "debitos", 5: "atualizar",
        6: "atendente", 7: "negociar",
    }  # fmt: skip


@pytest.mark.parametrize("word", DOCUMENTED_KEYWORDS)
def test_every_documented_keyword_has_a_row(word: str) -> None:
    """Each keyword consumers are told about starts an intent of the table."""
    assert KEYWORDS[word].intent in INTENTS


def test_steps_keep_the_names_already_stored_and_all_have_a_row() -> None:
    """Stored conversations name their step by these values: they must not change."""
    assert [s.value for s in StepName] == [
        "ask_uc", "choose_uc", "ask_cpf", "pick_invoice", "digital_menu", "medium",
        "destination", "more", "printed", "confirm", "pick_cancel", "clarify", "confirm_cancel",
        "pick_plan", "confirm_plan",
    ]  # fmt: skip
    assert set(STEPS) == set(StepName)


def test_fallbacks_and_the_opted_out_exception() -> None:
    """MENU, SAIR, VOLTAR and AJUDA are fallbacks; only VOLTAR is heard after SAIR."""
    assert {f.name: f.keywords for f in FALLBACKS} == {
        "menu": ("MENU", "INICIO"),
        "saudacao": ("OI", "OLA"),
        "sair": ("SAIR", "PARAR", "STOP"),
        "voltar": ("VOLTAR",),
        "ajuda": ("AJUDA",),
    }
    assert [i.name for i in INTENTS.values() if i.while_opted_out] == ["voltar"]
    assert conversation.UNKNOWN is not None and conversation.OPTED_OUT is not None


def test_settings_switch_intents_off() -> None:
    """The updated debt is off unless enabled; nothing else depends on the settings."""
    assert conversation.switched_off(BotSettings()) == {"atualizar"}
    assert conversation.switched_off(BotSettings(updated_debt_enabled=True)) == set()


def test_a_row_needs_exactly_one_way_to_run() -> None:
    """An intent runs at once or after identification, never both or neither."""
    with pytest.raises(ValueError, match="run or run_for_unit"):
        Intent(name="broken")


def test_a_new_intent_is_served_from_its_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row with a keyword and a menu option: the engine identifies the UC, then runs it."""
    seen: list[tuple[str, Action]] = []

    def greet(ctx: Ctx, uc: str, action: Action) -> None:
        """Record the call and answer with a known text."""
        seen.append((uc, action))
        ctx.say("id_ok", uc=uc, name="teste")

    row = Intent(name="ola_uc", keywords=("OLAUC",), run_for_unit=greet)
    monkeypatch.setitem(INTENTS, row.name, row)
    monkeypatch.setitem(KEYWORDS, "OLAUC", Keyword(row.name))
    monkeypatch.setitem(MENU, 7, row)
    chat = Chat(world())
    chat.send("olauc")
    chat.send("7")
    assert seen == [("131030", Action("ola_uc")), ("131030", Action("ola_uc", menu=7))]
    chat = Chat(world(), phone=STRANGER)
    chat.send("olauc 200200")
    assert chat.step == "ask_cpf" and seen[2:] == []
    assert chat.state["pending"]["action"] == {"do": "ola_uc", "uc": "200200"}


def test_a_switched_off_row_answers_its_off_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """While the settings switch an intent off, its keyword and option get its off text."""
    row = replace(INTENTS["debitos"], enabled=lambda s: False, off_text="updated_off")
    monkeypatch.setitem(INTENTS, "debitos", row)
    monkeypatch.setitem(MENU, 4, row)
    chat = Chat(world())
    for text in ("debitos", "4"):
        chat.send(text)
        assert chat.replies == chat.says("updated_off") and chat.effects == []
