"""Typed import records (docs/interfaces.md#import-format) and the field checks that build them.

Amounts must be decimal strings: lines are parsed with `parse_float=Decimal`, so a float
literal arrives as a Decimal and is refused by name rather than silently rounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_AMOUNT = Decimal("99999999.99")


class LineError(ValueError):
    """The line cannot be imported; the message is the reason shown after `line N:`."""


@dataclass(frozen=True)
class ConsumerRecord:
    """A titular: CPF/CNPJ, name, phones (E.164) and e-mail."""

    document: str
    name: str
    phones: tuple[str, ...]
    email: str | None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitRecord:
    """A UC and its titular's document."""

    uc: str
    document: str
    address: str | None
    extra: dict[str, Any] = field(default_factory=dict)
    debit_id: str | None = None  # its identification at the banks (automatic debit)


@dataclass(frozen=True)
class ItemRecord:
    """One invoice item."""

    description: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal


@dataclass(frozen=True)
class Nf3eRecord:
    """The NF3e authorisation data."""

    number: str
    series: str
    access_key: str
    protocol: str | None
    authorized_at: datetime | None


@dataclass(frozen=True)
class InvoiceRecord:
    """An issued invoice."""

    key: str
    uc: str
    reference: str
    kind: str
    issue_date: date | None
    due_date: date
    amount: Decimal
    status: str
    kwh: int | None
    reading_previous: date | None
    reading_current: date | None
    items: tuple[ItemRecord, ...]
    nf3e: Nf3eRecord | None
    extra: dict[str, Any] = field(default_factory=dict)


Record = ConsumerRecord | UnitRecord | InvoiceRecord


def required_str(data: dict[str, Any], name: str, max_length: int = 200) -> str:
    """A required, non-empty string field."""
    value = data.pop(name, None)
    if value is None:
        raise LineError(f"{name} is required")
    if not isinstance(value, str) or not value.strip():
        raise LineError(f"{name} must be a non-empty string")
    if len(value) > max_length:
        raise LineError(f"{name} is longer than {max_length} characters")
    return value.strip()


def optional_str(data: dict[str, Any], name: str, max_length: int = 500) -> str | None:
    """An optional string field (null or absent gives None)."""
    value = data.pop(name, None)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise LineError(f"{name} must be a string")
    if len(value) > max_length:
        raise LineError(f"{name} is longer than {max_length} characters")
    return value.strip()


def matching(value: str, pattern: re.Pattern[str], name: str, example: str) -> str:
    """Check `value` against `pattern`, naming an example of a good value."""
    if not pattern.fullmatch(value):
        raise LineError(f"{name} {value!r} is malformed (example: {example})")
    return value


def money(value: Any, name: str, *, allow_negative: bool = False) -> Decimal:
    """A money amount given as a decimal string with at most two places."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        raise LineError(f'{name} must be a decimal string such as "245.50", not a number')
    if not isinstance(value, str):
        raise LineError(f'{name} must be a decimal string such as "245.50"')
    amount = decimal_value(value, name)
    if amount != amount.quantize(Decimal("0.01")):
        raise LineError(f"{name} {value!r} has more than two decimal places")
    if amount < 0 and not allow_negative:
        raise LineError(f"{name} must not be negative")
    if abs(amount) > MAX_AMOUNT:
        raise LineError(f"{name} is above the maximum of {MAX_AMOUNT}")
    return amount.quantize(Decimal("0.01"))


def decimal_value(value: str, name: str) -> Decimal:
    """Any finite decimal written as a string."""
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise LineError(f"{name} {value!r} is not a decimal number") from None
    if not number.is_finite():
        raise LineError(f"{name} must be a finite number")
    return number


def optional_decimal(value: Any, name: str) -> Decimal | None:
    """A quantity or price: absent, or a decimal string of any precision."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError(f'{name} must be a decimal string such as "0.45123"')
    return decimal_value(value, name)


def iso_date(value: Any, name: str) -> date:
    """A date written YYYY-MM-DD."""
    if not isinstance(value, str):
        raise LineError(f"{name} must be a date string YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LineError(f"{name} {value!r} is not a date YYYY-MM-DD") from None


def aware_datetime(value: Any, name: str) -> datetime:
    """A timestamp with its UTC offset, ISO 8601."""
    if not isinstance(value, str):
        raise LineError(f"{name} must be an ISO 8601 timestamp string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise LineError(f"{name} {value!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise LineError(f"{name} must include its UTC offset, e.g. -03:00")
    return moment


def plain_json(value: Any) -> Any:
    """Unknown fields are kept as given, with Decimals turned back into their text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    return value
