"""Money as integer centavos: parsing decimal strings and formatting for consumers."""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]{1,2}))?")


def parse_amount(text: str, *, allow_negative: bool = False) -> int:
    """Decimal string with at most 2 decimals ("1234.5") → centavos; floats are refused."""
    if not isinstance(text, str):
        raise ValueError(f"amount must be a decimal string, got {type(text).__name__}")
    match = _AMOUNT.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"amount must look like 1234.56 (at most 2 decimals), got {text!r}")
    sign, units, decimals = match.groups()
    cents = int(units) * 100 + int((decimals or "0").ljust(2, "0"))
    if sign == "-":
        cents = -cents
    if cents < 0 and not allow_negative:
        raise ValueError(f"amount must not be negative, got {text!r}")
    return cents


def _require_cents(cents: object) -> int:
    """Accept only a real int (not bool, not float) as centavos."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise ValueError(f"centavos must be an int, got {type(cents).__name__}")
    return cents


def format_brl(cents: int) -> str:
    """Consumer-facing Brazilian format: 123456 → "R$ 1.234,56", negatives "-R$ 1.234,56"."""
    value = _require_cents(cents)
    units, rest = divmod(abs(value), 100)
    grouped = f"{units:,}".replace(",", ".")
    return f"{'-' if value < 0 else ''}R$ {grouped},{rest:02d}"


def cents_to_str(cents: int) -> str:
    """Machine format with a dot and two decimals: 123456 → "1234.56"."""
    value = _require_cents(cents)
    units, rest = divmod(abs(value), 100)
    return f"{'-' if value < 0 else ''}{units}.{rest:02d}"
