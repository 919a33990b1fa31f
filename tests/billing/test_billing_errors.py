"""InvalidCode carries reason and message."""

from __future__ import annotations

from billing.errors import InvalidCode


def test_invalid_code_is_a_value_error_with_reason() -> None:
    """Callers may catch ValueError; reason and message are attributes."""
    error = InvalidCode("crc", "CRC is 0000, expected 0744")
    assert isinstance(error, ValueError)
    assert (error.reason, error.message, str(error)) == (
        "crc",
        "CRC is 0000, expected 0744",
        error.message,
    )
