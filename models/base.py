"""Declarative base and column types shared by every model.

Money is stored as integer centavos (`Money`), never as a float: SQLite has no exact
decimal type, so a `Numeric` column would round-trip through REAL there. Other decimals
(unit prices with five places, quantities) are kept as canonical text (`DecimalText`).
Times are stored in UTC and always come back timezone-aware (`UTCDateTime`).
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CENT = Decimal("0.01")
__all__ = [
    "CENT",
    "Base",
    "DecimalText",
    "Money",
    "StrEnum",
    "UTCDateTime",
    "enum_column",
    "utcnow",
]


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of all models; constraint names are fixed so migrations are stable."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Money(TypeDecorator[Decimal]):
    """A Decimal amount in reais stored exactly as integer centavos."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        """Convert reais to centavos, refusing floats and sub-centavo amounts."""
        if value is None:
            return None
        if not isinstance(value, Decimal | int):
            raise TypeError(f"money must be Decimal or int, not {type(value).__name__}")
        cents = Decimal(value) * 100
        if cents != cents.to_integral_value():
            raise ValueError(f"amount {value} has fractions of a centavo")
        return int(cents)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        """Convert stored centavos back to a two-place Decimal."""
        return None if value is None else (Decimal(value) / 100).quantize(CENT)


class DecimalText(TypeDecorator[Decimal]):
    """An exact Decimal kept as its canonical text (for prices and quantities)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        """Store the Decimal's exact digits."""
        if value is None:
            return None
        if not isinstance(value, Decimal | int):
            raise TypeError(f"decimal must be Decimal or int, not {type(value).__name__}")
        return str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        """Read the Decimal back."""
        return None if value is None else Decimal(value)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; store in UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """SQLite drops the offset; put UTC back."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_cls: type[enum.Enum], length: int = 20) -> Any:
    """A portable VARCHAR column holding an enum's values (no native DB enum to migrate)."""
    from sqlalchemy import Enum

    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        validate_strings=True,
        values_callable=lambda e: [m.value for m in e],
    )
