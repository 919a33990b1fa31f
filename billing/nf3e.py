"""NF3e (model 66) access key: check digit, validation, printing and the state portal URL."""

from __future__ import annotations

from billing._digits import clean_digits, is_digits, require_length
from billing.checkdigits import mod11_nf3e
from billing.errors import InvalidCode

MODEL = "66"


def check_digit(key43: str) -> int:
    """The access key's last digit computed over its first 43 digits."""
    if not isinstance(key43, str) or len(key43) != 43 or not is_digits(key43):
        raise ValueError(f"expected the first 43 digits of an access key, got {key43!r}")
    return mod11_nf3e(key43)


def validate_access_key(key: str) -> str:
    """Return the 44 digits of a valid NF3e key typed with or without spaces."""
    digits = clean_digits(key, separators=" ")
    require_length(digits, 44)
    if digits[20:22] != MODEL:
        raise InvalidCode("field", f"model (positions 21-22) is {digits[20:22]}, expected {MODEL}")
    given, expected = int(digits[43]), check_digit(digits[:43])
    if given != expected:
        raise InvalidCode(
            "general_digit", f"access key check digit is {given}, expected {expected}"
        )
    return digits


def format_access_key(key: str) -> str:
    """Print a valid key in eleven groups of four digits separated by spaces."""
    digits = validate_access_key(key)
    return " ".join(digits[i : i + 4] for i in range(0, 44, 4))


def consultation_url(portal: str, key: str) -> str:
    """The DANF3e QR-code URL: `<portal>?chNF3e=<key>&tpAmb=1` (production environment)."""
    if not isinstance(portal, str) or not portal.strip():
        raise ValueError("portal must be a non-empty URL")
    portal = portal.strip()
    separator = "&" if "?" in portal else "?"
    return f"{portal}{separator}chNF3e={validate_access_key(key)}&tpAmb=1"
