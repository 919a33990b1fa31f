"""What each waiting step takes from a message, read out of a sentence when needed ("minha
uc é 131030", "a de outubro", "pode ser no zap"). None: the message is not an answer to the
step, and is read as free text instead."""

from __future__ import annotations

from datetime import date

from bot.grammar import digits, fold, is_bare_number, yes_no
from bot.nlu import entities

THIS_NUMBER = {"ESTE", "ESSE", "ESTE NUMERO", "ESSE NUMERO", "ESTE MESMO", "ESSE MESMO"}


def number(text: str, today: date) -> str | None:
    """A bare number: a menu option or a list's item."""
    return text if is_bare_number(text) else None


def uc(text: str, today: date) -> str | None:
    """A UC number, bare or in a sentence."""
    return text if is_bare_number(text) else entities.uc(text)


def document(text: str, today: date) -> str | None:
    """A CPF/CNPJ, bare or in a sentence ("meu cpf é 123.456.789-09")."""
    return text if is_bare_number(text) else entities.document(text)


def invoice(text: str, today: date) -> str | None:
    """An item of the invoice list, by number or by month ("a de outubro", "a vencida")."""
    if is_bare_number(text) or entities.reference(text, today) is not None:
        return text
    return None


def medium(text: str, today: date) -> str | None:
    """1/2, an e-mail address, or the medium named ("pelo zap")."""
    if is_bare_number(text):
        return text
    return entities.email(text) or entities.medium(text)


def destination(text: str, today: date) -> str | None:
    """An e-mail address or a phone number (or ESTE, for this chat's number)."""
    if fold(text).strip(" .!") in THIS_NUMBER:
        return text
    if (found := entities.email(text)) is not None:
        return found
    return text if len(digits(text)) >= 8 else None


def yes_or_no(text: str, today: date) -> str | None:
    """Sim or não."""
    return text if yes_no(text) is not None else None


def clarify(text: str, today: date) -> str | None:
    """1 or 2, or sim/não (a question with one option)."""
    return number(text, today) or yes_or_no(text, today)
