"""Main menu, help, garbage, hand-off, opt-out and the 30-minute restart."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.types import Handoff, OptIn, OptOut, SendDocument
from tests.bot.fakes import PHONE, STRANGER, Chat, world

CHANNELS = ["whatsapp", "sms"]
OPTIONS = [
    "1 - 2ª via da fatura",
    "2 - Código de barras / PIX",
    "3 - Fatura digital (aderir, ver, cancelar)",
    "4 - Débitos em aberto",
    "6 - Falar com atendente",
    "7 - Negociar dívida (parcelar)",
]
MENU = {
    "whatsapp": "\n".join(
        [
            "Olá! Sou o assistente de faturas da distribuidora.",
            "Escolha uma opção e responda com o número:",
            *OPTIONS,
            "Envie SAIR para parar as mensagens ou AJUDA para ver os comandos.",
        ]
    ),
    "sms": "Ola! Responda: 1 2a via, 2 Cod. barras, 3 Fatura digital, 4 Debitos, 6 Atendente, "
    "7 Negociar. AJUDA: comandos. SAIR: parar",
}
MENU_WITH_UPDATED_DEBT = {
    "whatsapp": MENU["whatsapp"].replace(OPTIONS[-2], f"5 - Débito atualizado\n{OPTIONS[-2]}"),
    "sms": "Ola! Responda: 1 2a via, 2 Cod. barras, 3 Fatura digital, 4 Debitos, "
    "5 Debito atualizado, 6 Atendente, 7 Negociar. AJUDA: comandos. SAIR: parar",
}
HELP = [
    "Comandos (um por mensagem; [UC] só se você tiver mais de uma):",
    "MENU - opções",
    "2VIA [UC] [MM/AAAA] - 2ª via em PDF",
    "BARRA [UC] [MM/AAAA] - código de barras e PIX",
    "DEBITOS [UC] - faturas em aberto",
    "NEGOCIAR [UC] - parcelar faturas vencidas",
    "ADERIR [UC] EMAIL seu@email.com [IMPRESSA] - fatura por e-mail",
    "ADESAO [UC] - ver cadastros da fatura digital",
    "CANCELAR [UC] EMAIL seu@email.com - cancelar um cadastro",
    "ATENDENTE - falar com uma pessoa",
    "FALTA - avisar de falta de energia",
    "SAIR - parar as mensagens (VOLTAR para voltar)",
    'Ou escreva do seu jeito, como "quero a 2ª via de outubro".',
]
OVERDUE = "- 10/2026: R$ 245,50, vence 20/10/2026 (vencida)"


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_lists_options_without_updated_debt(channel: str) -> None:
    """Options 1-4 and 6 and SAIR; option 5 only when the updated debt is enabled."""
    chat = Chat(world(), channel=channel)
    chat.send("Menu")
    assert chat.replies == [MENU[channel]] == [chat.menu()]
    assert chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("greeting", ["oi", "OLÁ", "Oi!"])
@pytest.mark.parametrize(
    ("hour", "hint"),
    [(9, "greeting_morning"), (15, "greeting_afternoon"), (21, "greeting_evening")],
)
def test_greeting_keyword_gets_the_greeting_of_the_hour(
    channel: str, greeting: str, hour: int, hint: str
) -> None:
    """OI and OLÁ are answered with bom dia / boa tarde / boa noite (local time), then the
    menu."""
    chat = Chat(world(), channel=channel)
    chat.now = chat.now.replace(hour=hour)
    chat.send(greeting, after=timedelta(0))
    assert chat.replies == [chat.menu(hint)]
    assert chat.replies[0].startswith({9: "Bom dia!", 15: "Boa tarde!", 21: "Boa noite!"}[hour])


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_with_updated_debt(channel: str) -> None:
    """Option 5 appears when settings.updated_debt_enabled."""
    chat = Chat(world(updated_debt_enabled=True), channel=channel)
    chat.send("menu")
    assert chat.replies == [MENU_WITH_UPDATED_DEBT[channel]] == [chat.menu(updated_debt=True)]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("garbage", ["asdfgh", "quero falar sobre o tempo", "", "🙂"])
def test_garbage_gets_one_short_line_then_the_menu(channel: str, garbage: str) -> None:
    """Not understood: one short line first (no menu), the menu only after a second miss in
    a row; never silence. Each miss is recorded for staff."""
    chat = Chat(world(), channel=channel)
    chat.send(garbage)
    assert chat.keys in (["miss"], ["out_of_scope"])
    assert [type(e).__name__ for e in chat.effects] == ["NotUnderstood"]
    chat.send("xpto qwerty")
    assert chat.replies == [chat.menu("unknown")]
    assert chat.replies[0].startswith(("Não entendi", "Nao entendi"))


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_miss_then_an_understood_message_starts_the_count_over(channel: str) -> None:
    """Misses count only in a row: miss, understood, miss gives the short line again."""
    chat = Chat(world(), channel=channel)
    chat.send("asdfgh")
    chat.send("obrigado")
    assert chat.keys == ["thanks"]
    chat.send("qwerty zxcv")
    assert chat.keys in (["miss"], ["out_of_scope"])


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("number", ["9", "0"])
def test_unknown_menu_number_gets_the_menu(channel: str, number: str) -> None:
    """A number that is no option: whoever typed it expects a menu, so it is shown at once."""
    chat = Chat(world(), channel=channel)
    chat.send(number)
    assert chat.replies == [chat.menu("unknown")]
    assert chat.effects == []


def test_help_lists_keywords_in_one_message() -> None:
    """AJUDA on WhatsApp: one message with every keyword (WhatsApp ones only with Channel)."""
    chat = Chat(world())
    chat.send("ajuda")
    assert chat.replies == ["\n".join(HELP)]
    chat = Chat(world(channel_enabled=True, updated_debt_enabled=True))
    chat.send("AJUDA")
    assert chat.replies == [
        "\n".join(
            [
                *HELP[:5],
                "ATUALIZAR [UC] - débito atualizado com novo código",
                *HELP[5:7],
                "ADERIR [UC] WHATSAPP [número] [IMPRESSA] - fatura no WhatsApp",
                *HELP[7:],
            ]
        )
    ]


@pytest.mark.parametrize("updated", [False, True])
def test_help_on_sms_is_one_short_message(updated: bool) -> None:
    """AJUDA on SMS fits one SMS."""
    chat = Chat(world(updated_debt_enabled=updated), channel="sms")
    chat.send("Ajuda")
    extra = " ATUALIZAR," if updated else ""
    assert chat.replies == [
        f"Comandos: MENU, 2VIA, BARRA, DEBITOS,{extra} NEGOCIAR, ADERIR EMAIL seu@email.com, "
        "ADESAO, CANCELAR EMAIL seu@email.com, ATENDENTE, FALTA, SAIR"
    ]


@pytest.mark.parametrize("channel", CHANNELS)
def test_atendente_keyword_and_menu_option(channel: str) -> None:
    """ATENDENTE and option 6 record a hand-off with the bound UC."""
    chat = Chat(world(), channel=channel)
    chat.send("atendente")
    assert chat.effects == [Handoff("131030", "Pediu atendente (ATENDENTE)")]
    assert chat.replies == chat.says("handoff")
    chat = Chat(world(), channel=channel)
    chat.send("6")
    assert chat.effects == [Handoff("131030", "Pediu atendente pelo menu (opção 6)")]
    assert chat.replies == chat.says("handoff")


def test_handoff_of_unidentified_number_has_no_uc() -> None:
    """A number on file for nobody: the hand-off carries no UC."""
    chat = Chat(world(), phone=STRANGER)
    chat.send("ATENDENTE")
    assert chat.effects == [Handoff(None, "Pediu atendente (ATENDENTE)")]
    assert chat.replies == chat.says("handoff")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("word", ["SAIR", "parar", "Stop"])
def test_opt_out_and_back(channel: str, word: str) -> None:
    """SAIR/PARAR/STOP opt out; anything but VOLTAR gets a reminder; VOLTAR opts back in."""
    chat = Chat(world(), channel=channel)
    chat.send(word)
    assert chat.effects == [OptOut()] and chat.replies == chat.says("opted_out")
    assert chat.state["opted_out"] is True
    for text in ("oi", "2via", "1", "sair", "atendente"):
        chat.send(text)
        assert chat.replies == chat.says("opted_out_reminder") and chat.effects == []
    chat.send("voltar", after=timedelta(hours=5))
    assert chat.effects == [OptIn()]
    assert chat.replies == [chat.menu("welcome_back")]
    assert "opted_out" not in chat.state
    chat.send("debitos")
    assert chat.replies == chat.says("debts", uc="131030", lines=OVERDUE, total="R$ 245,50")


def test_opt_out_survives_idle_restart() -> None:
    """The 30-minute restart forgets the flow, never the opt-out."""
    chat = Chat(world())
    chat.send("sair")
    chat.send("menu", after=timedelta(days=3))
    assert chat.replies == chat.says("opted_out_reminder") and chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_updated_debt_disabled(channel: str) -> None:
    """ATUALIZAR and option 5 while disabled: polite 'not available' plus a menu hint."""
    chat = Chat(world(), channel=channel)
    for text in ("atualizar", "5"):
        chat.send(text)
        assert chat.replies == chat.says("updated_off")
        assert chat.effects == []


def test_idle_restart_forgets_pending_flow() -> None:
    """After 30 idle minutes a bare number is a menu option again, not the old flow's answer."""
    chat = Chat(world())
    chat.send("1")
    assert chat.step == "pick_invoice"
    chat.send("2", after=timedelta(minutes=29))
    assert chat.effects == [SendDocument(2, "second_copy")]  # still the list: picked invoice 2
    assert chat.keys == ["copy_sent"]
    chat.send("1")
    chat.send("1", after=timedelta(minutes=31))
    assert chat.effects == [] and chat.keys == ["pick_invoice"]  # menu option 1 again
    assert chat.state["last_at"] == chat.now.isoformat()


def test_keyword_abandons_pending_flow() -> None:
    """Keywords are global: MENU while the bot waits for a CPF shows the menu."""
    chat = Chat(world(), phone=STRANGER)
    chat.send("2via 200200")
    assert chat.step == "ask_cpf"
    chat.send("menu")
    assert "pending" not in chat.state and chat.replies == [chat.menu()]


def test_bare_cancelar_aborts_flow() -> None:
    """CANCELAR alone while a flow waits: the flow is dropped."""
    chat = Chat(world())
    chat.send("3")
    chat.send("cancelar")
    assert chat.replies == chat.says("flow_cancelled")
    assert "pending" not in chat.state and chat.effects == []


def test_new_number_with_empty_state() -> None:
    """A brand-new number starts from {} and gets last_at stored."""
    chat = Chat(world(), phone=PHONE)
    chat.send("oi")
    assert set(chat.state) == {"last_at"}
