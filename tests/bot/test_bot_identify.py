"""Identification: bound numbers, CPF/CNPJ checks, identical failures, locks, several UCs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.types import IdentificationFailed, ReregistrationOffered, SendDocument, UnitInfo
from tests.bot.fakes import (
    JOAO_CPF,
    MARIA_CPF,
    OTHER_VALID_CPF,
    PHONE,
    STRANGER,
    Chat,
    world,
)

CHANNELS = ["whatsapp", "sms"]
JOAO_DEBTS = {"uc": "200200", "lines": "- 11/2026: R$ 88,00, vence 25/11/2026", "total": "R$ 88,00"}


@pytest.mark.parametrize("channel", CHANNELS)
def test_bound_number_needs_no_cpf(channel: str) -> None:
    """A UC bound to the number: 2VIA without UC completes at once."""
    chat = Chat(world(), channel=channel)
    chat.send("2via")
    assert chat.effects == [SendDocument(3, "second_copy")]
    assert chat.replies == chat.says("copy_sent", month="10/2026", amount="R$ 245,50")


@pytest.mark.parametrize("channel", CHANNELS)
def test_stranger_asks_uc_then_cpf(channel: str) -> None:
    """No UC bound: ask the UC, then the CPF (revealing nothing), then complete."""
    chat = Chat(world(), channel=channel, phone=STRANGER)
    chat.send("2via")
    assert chat.replies == chat.says("ask_uc") and chat.step == "ask_uc"
    chat.send("200200")
    assert chat.replies == chat.says("ask_cpf", uc="200200")
    chat.send("529.982.247-25")
    assert chat.replies == [
        *chat.says("id_ok", uc="200200", name="João ***"),
        *chat.says("copy_sent", month="11/2026", amount="R$ 88,00"),
    ]
    assert JOAO_CPF not in chat.text and "Souza" not in chat.text
    assert chat.effects == [SendDocument(11, "second_copy")]
    assert chat.state["verified"] == ["200200"]


def _failure(uc: str, document: str, channel: str = "whatsapp") -> tuple[list[str], Chat]:
    """Ask about `uc` from a stranger's number and answer `document`."""
    chat = Chat(world(), channel=channel, phone=STRANGER)
    chat.send(f"debitos {uc}")
    asked = chat.last
    chat.send(document)
    return [asked, chat.text], chat


@pytest.mark.parametrize("channel", CHANNELS)
def test_unknown_uc_and_wrong_cpf_get_the_same_reply(channel: str) -> None:
    """Unknown UC, wrong CPF, both wrong: one reply text, one IdentificationFailed each."""
    (ask_unknown, unknown), chat1 = _failure("999999", JOAO_CPF, channel)
    (ask_wrong, wrong), chat2 = _failure("200200", OTHER_VALID_CPF, channel)
    (_, both), chat3 = _failure("999999", OTHER_VALID_CPF, channel)
    assert unknown == wrong == both == "\n".join(chat1.says("id_failed"))
    assert [ask_unknown, ask_wrong] == [
        *chat1.says("ask_cpf", uc="999999"),
        *chat2.says("ask_cpf", uc="200200"),
    ]
    assert chat1.effects == [IdentificationFailed("999999")] == chat3.effects
    assert chat2.effects == [IdentificationFailed("200200")]
    assert "pending" not in chat2.state and "verified" not in chat2.state


@pytest.mark.parametrize("channel", CHANNELS)
def test_invalid_check_digits_get_a_hint_and_are_not_counted(channel: str) -> None:
    """A CPF with wrong check digits: format hint, no failure effect, still waiting."""
    chat = Chat(world(), channel=channel, phone=STRANGER)
    chat.send("debitos 200200")
    chat.send("529.982.247-26")
    assert chat.replies == chat.says("cpf_check_digits") and chat.effects == []
    chat.send("123")
    assert chat.replies == chat.says("cpf_format") and chat.effects == []
    assert chat.step == "ask_cpf"
    chat.send(JOAO_CPF)
    assert chat.replies == [
        *chat.says("id_ok", uc="200200", name="João ***"),
        *chat.says("debts", **JOAO_DEBTS),
    ]


@pytest.mark.parametrize("channel", CHANNELS)
def test_locked_number_gets_only_the_lock_reply(channel: str) -> None:
    """Locked before asking the UC, before asking the CPF and before checking it."""
    view = world()
    view.locked_keys.add(STRANGER)
    chat = Chat(view, channel=channel, phone=STRANGER)
    chat.send("2via")
    assert chat.replies == chat.says("locked", wait="15 minutos")
    chat.send("2via 200200")
    assert chat.replies == chat.says("locked", wait="15 minutos")
    assert chat.effects == [] and "pending" not in chat.state


def test_lock_arriving_before_the_cpf_answer() -> None:
    """The UC gets locked while the bot waits for the CPF: lock reply, nothing checked."""
    view = world()
    chat = Chat(view, phone=STRANGER)
    chat.send("barra 200200")
    view.locked_keys.add("200200")
    chat.send(JOAO_CPF)
    assert chat.replies == chat.says("locked", wait="15 minutos") and chat.effects == []
    assert "verified" not in chat.state


def test_a_guess_whose_claim_is_refused_is_not_compared() -> None:
    """Concurrent guesses took the last claim between the lock check and this one: the
    right CPF gets the lock reply, nothing is verified and no failure is recorded."""
    view = world()
    chat = Chat(view, phone=STRANGER)
    chat.send("barra 200200")
    view.refuse_claims = True
    chat.send(JOAO_CPF)
    assert chat.replies == chat.says("locked", wait="15 minutos") and chat.effects == []
    assert "verified" not in chat.state and "pending" not in chat.state


def test_verified_uc_is_remembered_then_forgotten_after_idle() -> None:
    """One verified UC is used without asking again; after 30 idle minutes the CPF is asked."""
    chat = Chat(world(), phone=STRANGER)
    chat.send("debitos 200200")
    chat.send(JOAO_CPF)
    chat.send("2via")
    assert chat.effects == [SendDocument(11, "second_copy")]
    chat.send("2via", after=timedelta(minutes=31))
    assert chat.replies == chat.says("ask_uc")
    assert chat.step == "ask_uc" and "verified" not in chat.state


def test_several_ucs_bound_ask_which() -> None:
    """Two UCs on one number: a numbered list (masked addresses), then the choice."""
    view = world()
    view.phones[PHONE] = ["131030", "200200"]
    chat = Chat(view)
    chat.send("debitos")
    assert chat.replies == chat.says(
        "choose_uc", lines="1) UC 131030 - Rua das Fl***\n2) UC 200200 - Avenida Br***"
    )
    chat.send("2")
    assert chat.replies == chat.says("debts", **JOAO_DEBTS)


def test_several_ucs_other_uc_typed_needs_cpf() -> None:
    """A UC typed instead of an option goes through the CPF check."""
    view = world()
    view.phones[PHONE] = ["131030", "200200"]
    view.units["300300"] = UnitInfo("300300", "Ana Lima", OTHER_VALID_CPF, "Rua X, 1")
    chat = Chat(view)
    chat.send("2via")
    chat.send("7")
    assert chat.replies == chat.says("pick_invalid", n=2)
    chat.send("300300")
    assert chat.replies == chat.says("ask_cpf", uc="300300") and chat.step == "ask_cpf"


def test_cnpj_titular() -> None:
    """A company titular identifies with its CNPJ."""
    view = world()
    view.units["400400"] = UnitInfo("400400", "Padaria Pão Bom Ltda", "11222333000181", "Rua Y")
    chat = Chat(view, phone=STRANGER)
    chat.send("adesao 400400")
    chat.send("11.222.333/0001-81")
    assert chat.replies == [
        *chat.says("id_ok", uc="400400", name="Padaria ***"),
        *chat.says("no_enrolments", uc="400400"),
    ]


def test_reregistration_offer_once_per_conversation() -> None:
    """Identified UC without enrolment: offer + effect once, not during enrolment flows."""
    view = world()
    view.due.add("131030")
    chat = Chat(view)
    chat.send("3")
    assert chat.effects == []  # digital-invoice menu: no offer
    assert chat.replies == chat.says("digital_menu", uc="131030")
    chat.send("debitos")
    assert chat.keys == ["debts", "reregistration"]
    assert chat.last == chat.says("reregistration", media="e-mail")[-1]
    assert chat.effects == [ReregistrationOffered("131030")]
    view.due.add("131030")
    chat.send("2via")
    assert chat.effects == [SendDocument(3, "second_copy")] and chat.keys == ["copy_sent"]
    assert chat.state["offered"] is True


def test_reregistration_offer_respects_setting_and_due() -> None:
    """Setting off, or not due: no offer."""
    view = world(reregistration_enabled=False)
    view.due.add("131030")
    chat = Chat(view)
    chat.send("debitos")
    assert chat.effects == [] and chat.keys == ["debts"]
    chat = Chat(world())
    chat.send("debitos")
    assert chat.effects == [] and chat.keys == ["debts"]


def test_offer_after_cpf_identification_mentions_whatsapp_only_with_channel() -> None:
    """The offer names WhatsApp only when the Channel product is on."""
    view = world(channel_enabled=True)
    view.due.add("200200")
    chat = Chat(view, phone=STRANGER)
    chat.send("debitos 200200")
    chat.send(JOAO_CPF)
    assert chat.keys == ["id_ok", "debts", "reregistration"]
    assert chat.last == chat.says("reregistration", media="e-mail ou WhatsApp")[-1]
    assert chat.effects == [ReregistrationOffered("200200")]


def test_no_full_document_phone_or_name_in_any_reply() -> None:
    """Privacy: a whole tour shows no full CPF, phone, surname or address."""
    view = world(channel_enabled=True)
    view.phones[PHONE] = ["131030", "200200"]
    chat = Chat(view)
    seen: list[str] = []
    for text in ("debitos", "1", "2via", "2", "aderir 131030 whatsapp", "adesao 131030", "menu"):
        seen += chat.send(text)
    joined = "\n".join(seen)
    for secret in (MARIA_CPF, JOAO_CPF, "Silva", "Souza", "Flores", "99999-0000", PHONE):
        assert secret not in joined
    assert not re.search(r"\d{3}\.\d{3}\.\d{3}-\d{2}", joined)
