"""How a new parameter value is checked: one parser per kind of value, each raising
InvalidValue with a pt-BR reason the API and the admin form show as they are.

docs/gen_settings.py reads a parser's factory name and the values it was made with to write
the type column of docs/interfaces.md#settings, so a new factory needs a line there too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from billing.validation import InvalidValue, normalise_document
from bot.hours import parse_holidays, parse_hours

Parser = Callable[[Any], Any]


def boolean(value: Any) -> bool:
    """Accept JSON true/false only."""
    if not isinstance(value, bool):
        raise InvalidValue("deve ser true ou false")
    return value


def integer(low: int, high: int) -> Parser:
    """Accept a JSON whole number within [low, high]."""

    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidValue(f"deve ser um número inteiro de {low} a {high}")
        if not low <= value <= high:
            raise InvalidValue(f"deve estar entre {low} e {high}")
        return value

    return parse


def digits(size: int, *, optional: bool = False) -> Parser:
    """Accept a string of exactly `size` digits (or empty when optional)."""

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue(f'deve ser texto com {size} dígitos, como "{"0" * size}"')
        if optional and value == "":
            return value
        if not re.fullmatch(rf"\d{{{size}}}", value):
            raise InvalidValue(f"deve ter exatamente {size} dígitos")
        return value

    return parse


def choice(*values: str) -> Parser:
    """Accept one of the given strings."""

    def parse(value: Any) -> str:
        if value not in values:
            raise InvalidValue("deve ser um de: " + ", ".join(values))
        return value

    return parse


def text(max_length: int, pattern: str | None = None, hint: str = "") -> Parser:
    """Accept a string up to `max_length`, optionally matching `pattern` (empty always allowed)."""

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue("deve ser texto")
        value = value.strip()
        if len(value) > max_length:
            raise InvalidValue(f"deve ter no máximo {max_length} caracteres")
        if value and pattern and not re.fullmatch(pattern, value):
            raise InvalidValue(hint or "formato inválido")
        return value

    return parse


def decimal_string(high: Decimal) -> Parser:
    """Accept a decimal string with up to two places in [0, high], kept as "0.00" text."""

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue('deve ser um texto decimal como "2.00" (não um número)')
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValue('deve ser um texto decimal como "2.00"') from None
        if not number.is_finite() or number != number.quantize(Decimal("0.01")):
            raise InvalidValue("deve ter no máximo duas casas decimais")
        if not Decimal(0) <= number <= high:
            raise InvalidValue(f"deve estar entre 0.00 e {high}")
        return str(number.quantize(Decimal("0.01")))

    return parse


def cnpj_or_empty(value: Any) -> str:
    """Accept a valid CNPJ (digits kept) or the empty string."""
    if value == "":
        return ""
    digits_only = normalise_document(value)
    if len(digits_only) != 14:
        raise InvalidValue("deve ser um CNPJ com 14 dígitos")
    return digits_only


def segment(value: Any) -> str:
    """Accept a FEBRABAN arrecadação segment digit (1–7 or 9)."""
    if not isinstance(value, str) or value not in "12345679" or len(value) != 1:
        raise InvalidValue('deve ser um dígito de segmento FEBRABAN: "1" a "7" ou "9"')
    return value


def web_url(max_length: int) -> Parser:
    """Accept an http(s) address with a host, up to `max_length`, or the empty string: a link
    the bot sends to consumers, so no spaces, no user:password@ and no other scheme."""

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue("deve ser texto")
        value = value.strip()
        if value == "":
            return value
        if len(value) > max_length:
            raise InvalidValue(f"deve ter no máximo {max_length} caracteres")
        if not _is_web_address(value):
            raise InvalidValue("deve ser um endereço http:// ou https:// completo, sem espaços")
        return value

    return parse


def _is_web_address(value: str) -> bool:
    """True for an http(s) URL with a host name, no credentials and no blanks."""
    if any(c.isspace() or not c.isprintable() for c in value):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port  # a port that is not a number raises ValueError
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "@" not in parts.netloc


def business_hours(value: Any) -> str:
    """Accept when people answer hand-offs, as "seg-sex 08:00-18:00" (ranges split by ";")."""
    if not isinstance(value, str):
        raise InvalidValue("deve ser texto")
    try:
        parse_hours(value)
    except ValueError as exc:
        raise InvalidValue(str(exc)) from None
    return " ".join(value.split())


def holiday_list(value: Any) -> str:
    """Accept holidays as dd/mm/aaaa separated by commas (or empty)."""
    if not isinstance(value, str):
        raise InvalidValue("deve ser texto")
    try:
        days = sorted(parse_holidays(value))
    except ValueError as exc:
        raise InvalidValue(str(exc)) from None
    return ", ".join(f"{d:%d/%m/%Y}" for d in days)
