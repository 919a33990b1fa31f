"""The single exception raised when a payment code or fiscal key fails validation."""

from __future__ import annotations


class InvalidCode(ValueError):
    """A code that is malformed or whose check digits do not match; `reason` is machine-readable."""

    def __init__(self, reason: str, message: str) -> None:
        """Keep a short machine code (e.g. "block_digit") and a precise English message."""
        super().__init__(message)
        self.reason = reason
        self.message = message
