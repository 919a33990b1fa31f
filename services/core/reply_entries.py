"""A recorded reply (`inbound_message.replies`): a text, or on WhatsApp a mapping with the
numbered text and the same question as tappable options (`bot.choices.Choice` as JSON).
Readers that show or export replies take the text; the REST sender draws the options."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

TEXT, CHOICE = "text", "choice"


def text_of(entry: Any) -> str:
    """The reply as text (the numbered form of one with options)."""
    if isinstance(entry, str):
        return entry
    return str(entry.get(TEXT, "")) if isinstance(entry, dict) else ""


def choice_of(entry: Any) -> dict[str, Any] | None:
    """The reply's tappable options, or None for a plain text."""
    choice = entry.get(CHOICE) if isinstance(entry, dict) else None
    return choice if isinstance(choice, dict) else None


def with_choices(replies: list[str], choices: Iterable[tuple[int, dict[str, Any]]]) -> list[Any]:
    """The replies as recorded: each one that has options becomes {text, choice}."""
    entries: list[Any] = list(replies)
    for index, choice in choices:
        if 0 <= index < len(entries):
            entries[index] = {TEXT: replies[index], CHOICE: choice}
    return entries


def redacted(entry: Any, redact: Callable[[str], str]) -> Any:
    """The entry with its texts redacted (LGPD erasure); options keep only masked data."""
    if not isinstance(entry, dict):
        return redact(text_of(entry))
    choice = choice_of(entry)
    if choice is None:
        return {TEXT: redact(text_of(entry))}
    body = redact(str(choice.get("body", "")))
    return {TEXT: redact(text_of(entry)), CHOICE: {**choice, "body": body}}
