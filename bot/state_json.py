"""Reading the stored conversation state's JSON fields back, checked: a malformed field
raises `ValueError` (and the engine then starts the conversation over)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast, get_args

from bot.types import Medium

Pair = tuple[Medium, str]  # (medium, destination) of a digital-invoice recipient


def text_field(data: Mapping[str, Any], key: str) -> str:
    """A required string field."""
    value = data[key]
    if not isinstance(value, str):
        raise ValueError(f"{key}: not a string")
    return value


def optional_field(data: Mapping[str, Any], key: str, kind: type) -> Any:
    """An optional field of one JSON type (None when absent)."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"{key}: not a {kind.__name__}")
    return value


def list_field(data: Mapping[str, Any], key: str, kind: type) -> tuple[Any, ...]:
    """A required list whose items are all of one JSON type."""
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        raise ValueError(f"{key}: not a list of {kind.__name__}")
    return tuple(value)


def medium(value: Any) -> Medium:
    """A medium name, checked."""
    if value not in get_args(Medium):
        raise ValueError("unknown medium")
    return cast(Medium, value)


def pairs_field(data: Mapping[str, Any], key: str) -> tuple[Pair, ...]:
    """A required list of [medium, destination] pairs."""
    pairs = list_field(data, key, list)
    if not all(len(p) == 2 and isinstance(p[1], str) for p in pairs):
        raise ValueError(f"{key}: not a list of pairs")
    return tuple((medium(m), d) for m, d in pairs)
