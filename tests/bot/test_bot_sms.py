"""SMS rules: every reply ASCII-only and at most 160 characters; no WhatsApp extras.

The Chat helper asserts the ASCII/160 rule on every SMS reply, so each tour below checks it
for every message of every path.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.formatting import split_sms, to_ascii
from bot.types import EnrollmentInfo
from tests.bot.fakes import (
    JOAO_CPF,
    OTHER_VALID_CPF,
    PHONE,
    STRANGER,
    Chat,
    FakeView,
    invoice,
    world,
)

TOURS = {
    "menu": ["oi", "ola", "MENU", "xyz", "9", "", "ajuda"],
    "menu_1": ["1", "1", "1", "99", "2"],
    "menu_2": ["2", "barra", "barra 10/2026", "barra 07/2026", "barra 13/2026", "pdf"],
    "menu_3": ["3", "1", "nada@", "maria@exemplo.com.br", "sim", "2", "ana@exemplo.com.br",
               "nao", "sim", "sim", "3", "2", "3", "3", "1", "adesao"],
    "menu_4": ["4", "debitos", "debitos 131030"],
    "menu_5": ["5", "atualizar", "pdf"],
    "menu_6": ["6", "atendente"],
    "keywords": ["2via", "2via 09/2026", "2 via 131030 10/2026", "aderir email x@y",
                 "aderir 131030 email teste@exemplo.com.br impressa", "adesao 131030",
                 "cancelar email teste@exemplo.com.br", "cancelar email nao@cadastrado.com",
                 "aderir whatsapp", "aderir whatsapp 31 3333-4444", "cancelar whatsapp",
                 "cancelar", "sair", "oi", "voltar"],
    "stranger": ["2via", "200200", "123", "52998224726", JOAO_CPF, "debitos", "2via 999999",
                 OTHER_VALID_CPF],
}  # fmt: skip


def _view(channel_enabled: bool, updated: bool) -> FakeView:
    """A world with an overdue invoice, two invoices in one month and long addresses."""
    view = world(channel_enabled=channel_enabled, updated_debt_enabled=updated)
    view.invoice_rows["131030"] += [
        invoice(7, "2026-07", 10000, date(2026, 7, 20)),
        invoice(8, "2026-10", 4500, date(2026, 10, 20), kind="other"),
    ]
    view.enrollment_rows.append(
        EnrollmentInfo(1, "131030", "email", "um.endereco.bem.comprido@exemplo.com.br", True)
    )
    return view


@pytest.mark.parametrize("channel_enabled", [False, True])
@pytest.mark.parametrize("updated", [False, True])
@pytest.mark.parametrize("tour", sorted(TOURS))
def test_every_path_on_sms_is_ascii_and_short(
    tour: str, channel_enabled: bool, updated: bool
) -> None:
    """Each tour runs on SMS; the helper checks every reply; WhatsApp words only with Channel."""
    phone = STRANGER if tour == "stranger" else PHONE
    chat = Chat(_view(channel_enabled, updated), channel="sms", phone=phone)
    for text in TOURS[tour]:
        chat.send(text)
        if not channel_enabled and "whatsapp" not in text:
            assert "WhatsApp" not in chat.text and "WHATSAPP" not in chat.text


@pytest.mark.parametrize("tour", sorted(TOURS))
def test_every_path_on_whatsapp_answers(tour: str) -> None:
    """The same tours on WhatsApp: always a reply, state always JSON (helper checks)."""
    phone = STRANGER if tour == "stranger" else PHONE
    chat = Chat(_view(True, True), phone=phone)
    for text in TOURS[tour]:
        chat.send(text, after=timedelta(seconds=30))


def test_sms_menu_has_no_accents_and_fits_one_message() -> None:
    """The SMS menu is one message."""
    chat = Chat(world(updated_debt_enabled=True), channel="sms")
    chat.send("Olá")
    assert chat.replies == [chat.menu("greeting_morning", updated_debt=True)]
    assert "2a via" in chat.last


def test_sms_2via_says_a_link_is_coming() -> None:
    """On SMS the edge sends a short link; the reply says so."""
    chat = Chat(world(), channel="sms")
    chat.send("2via")
    assert chat.replies == [
        "Vamos enviar a seguir um link para a 2a via da fatura de 10/2026 (R$ 245,50)."
    ]


def test_split_sms_prefers_lines_then_sentences() -> None:
    """Long texts split at line breaks, then sentence ends, then spaces; none over 160."""
    lines = "\n".join(f"{n}) 10/2026 - R$ 1.234,56 - em aberto" for n in range(1, 13))
    parts = split_sms(lines)
    assert len(parts) > 1 and all(len(p) <= 160 for p in parts)
    assert "\n".join(parts) == lines
    sentence = "Primeira frase curta. " + "palavra " * 40 + "fim."
    assert all(len(p) <= 160 for p in split_sms(sentence))
    assert split_sms(sentence)[0] == "Primeira frase curta."


def test_to_ascii() -> None:
    """Accents, ordinal marks and typographic punctuation become plain ASCII."""
    assert to_ascii("2ª via — Débitos “ação” São João…") == '2a via - Debitos "acao" Sao Joao...'
