"""The keyword grammar: case, accents, spaces, months, destinations."""

from __future__ import annotations

import pytest

from bot.conversation import parse
from bot.grammar import Command, is_bare_number, menu_option, yes_no


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("MENU", "menu"), ("oi", "saudacao"), ("  Olá!  ", "saudacao"), ("OLA", "saudacao"),
        ("2via", "2via"), ("2ª via", "2via"), ("2 via", "2via"), ("segunda via", "2via"),
        ("Barra", "barra"), ("débitos", "debitos"), ("DEBITOS", "debitos"),
        ("aderir", "aderir"), ("Adesão", "adesao"), ("cancelar", "cancelar"),
        ("atualizar", "atualizar"), ("Atendente", "atendente"),
        ("sair", "sair"), ("PARAR", "sair"), ("stop", "sair"),
        ("voltar", "voltar"), ("ajuda", "ajuda"), ("pdf", "pdf"),
    ],
)  # fmt: skip
def test_keywords(text: str, name: str) -> None:
    """Every documented keyword, in any case and with or without accents."""
    command = parse(text)
    assert command is not None and command.name == name


@pytest.mark.parametrize("text", ["", "   ", "hello", "1", "quero pagar", "menu@x.com", "sim"])
def test_not_keywords(text: str) -> None:
    """Free text, numbers and addresses are not commands."""
    assert parse(text) is None


def test_uc_and_month_in_any_order_and_spacing() -> None:
    """[UC] and MM/AAAA or M/AAAA, extra spaces tolerated."""
    assert parse("2VIA 131030 10/2026") == Command("2via", uc="131030", reference="2026-10")
    assert parse("  barra   3/2026   131030 ") == Command("barra", uc="131030", reference="2026-03")
    assert parse("2ª via 1/2027") == Command("2via", reference="2027-01")
    assert parse("debitos 131.030") == Command("debitos", uc="131030")


def test_bad_month() -> None:
    """13/2026 is flagged so the reply can explain the format."""
    command = parse("2via 13/2026")
    assert command is not None and command.error == "bad_month"


def test_aderir_email_with_printed_copy() -> None:
    """ADERIR [UC] EMAIL <address> [IMPRESSA] keeps the address as typed."""
    assert parse("aderir 131030 e-mail Maria@Example.com impressa") == Command(
        "aderir", uc="131030", medium="email", destination="Maria@Example.com", printed=True
    )


def test_aderir_whatsapp_number_with_spaces() -> None:
    """A number typed with spaces is one destination; without it the destination is None."""
    assert parse("ADERIR WHATSAPP (31) 98888-7777 IMPRESSA") == Command(
        "aderir", medium="whatsapp", destination="(31) 98888-7777", printed=True
    )
    assert parse("aderir whatsapp") == Command("aderir", medium="whatsapp")


def test_address_without_medium_word_is_email() -> None:
    """'ADERIR maria@x.com' is understood as e-mail."""
    assert parse("aderir maria@x.com") == Command(
        "aderir", medium="email", destination="maria@x.com"
    )


def test_cancelar_with_and_without_destination() -> None:
    """CANCELAR [UC] EMAIL <address>, and bare CANCELAR."""
    assert parse("cancelar 131030 email a@b.com") == Command(
        "cancelar", uc="131030", medium="email", destination="a@b.com"
    )
    assert parse("CANCELAR") == Command("cancelar")


def test_answers() -> None:
    """Bare numbers, menu digits and yes/no answers."""
    assert is_bare_number("123.456.789-09") and is_bare_number(" 2 ")
    assert is_bare_number("(31) 99999-0000") and not is_bare_number("2via")
    assert menu_option("3") == 3 and menu_option("3.") == 3 and menu_option("33") is None
    assert yes_no("Sim, quero") is True and yes_no("não") is False and yes_no("talvez") is None
