"""Helpers that turn user-typed codes into ASCII digit strings with precise errors."""

from __future__ import annotations

from billing.errors import InvalidCode

ASCII_DIGITS = frozenset("0123456789")


def is_digits(text: str) -> bool:
    """True when `text` is non-empty and holds only ASCII digits (str.isdigit accepts '²')."""
    return bool(text) and all(c in ASCII_DIGITS for c in text)


def clean_digits(code: object, separators: str = " .-") -> str:
    """Drop separators and return the digits, raising InvalidCode('not_digits') on anything else."""
    if not isinstance(code, str):
        raise InvalidCode("not_digits", f"expected a string of digits, got {type(code).__name__}")
    text = "".join(c for c in code.strip() if c not in separators)
    for position, char in enumerate(text, start=1):
        if char not in ASCII_DIGITS:
            raise InvalidCode(
                "not_digits", f"character {char!r} at position {position} is not a digit"
            )
    if not text:
        raise InvalidCode("length", "the code is empty")
    return text


def require_length(digits: str, *allowed: int) -> None:
    """Raise InvalidCode('length') unless len(digits) is one of `allowed`."""
    if len(digits) not in allowed:
        names = [str(n) for n in allowed]
        expected = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        raise InvalidCode("length", f"expected {expected} digits, got {len(digits)}")
