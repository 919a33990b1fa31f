"""Check-digit algorithms of FEBRABAN arrecadação, bank boletos and NF3e access keys."""

from __future__ import annotations

from billing._digits import is_digits


def _require_digits(digits: str) -> None:
    """Reject anything but a non-empty ASCII digit string, so a typo never yields a digit."""
    if not isinstance(digits, str) or not is_digits(digits):
        raise ValueError(f"expected a non-empty string of ASCII digits, got {digits!r}")


def mod10(digits: str) -> int:
    """Mod 10 (weights 2,1,… from the right, digit sums of products) as used by FEBRABAN."""
    _require_digits(digits)
    total = 0
    for index, char in enumerate(reversed(digits)):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _mod11_remainder(digits: str) -> int:
    """Sum of digits weighted 2..9 cyclically from the right, modulo 11."""
    _require_digits(digits)
    total = sum(int(char) * (2 + index % 8) for index, char in enumerate(reversed(digits)))
    return total % 11


def mod11_arrecadacao(digits: str) -> int:
    """Arrecadação mod 11: remainder 0 or 1 gives 0, 10 gives 1, otherwise 11 − remainder."""
    remainder = _mod11_remainder(digits)
    return 0 if remainder in (0, 1) else 11 - remainder


def mod11_boleto(digits: str) -> int:
    """Boleto general digit: 11 − remainder, where 0, 10 and 11 become 1 (0 is never used)."""
    digit = 11 - _mod11_remainder(digits)
    return 1 if digit in (0, 10, 11) else digit


def mod11_nf3e(digits: str) -> int:
    """NF3e access-key digit: remainder 0 or 1 gives 0, otherwise 11 − remainder."""
    remainder = _mod11_remainder(digits)
    return 0 if remainder <= 1 else 11 - remainder
