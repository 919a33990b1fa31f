"""pt-BR presentation of money, numbers, dates and identifiers for documents and replies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from billing.competence import month_label
from billing.money import format_brl
from services.core.clock import LOCAL_TZ

CENT = Decimal("0.01")
MONTHS = ("JAN", "FEV", "MAR", "ABR", "MAI", "JUN", "JUL", "AGO", "SET", "OUT", "NOV", "DEZ")


def brl(amount: Decimal | None) -> str:
    """R$ 1.234,56 (negative as -R$ 1,00): billing's consumer format, for a Decimal amount."""
    if amount is None:
        return ""
    return format_brl(int(Decimal(amount).quantize(CENT) * 100))


def number(value: Decimal | int | None, places: int | None = None) -> str:
    """1.234,56: thousands with dots, decimals with a comma; `places` fixes the decimals."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value:,.{places}f}" if places is not None else f"{value:,f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def percent(fraction: float) -> str:
    """A 0-1 fraction as a whole percentage: 0.624 → 62%."""
    return f"{round(fraction * 100)}%"


def day(value: date | None) -> str:
    """dd/mm/aaaa."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def moment(value: datetime | None) -> str:
    """dd/mm/aaaa hh:mm in São Paulo time."""
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def reference(value: str) -> str:
    """2026-10 → 10/2026 (competência as consumers read it)."""
    return month_label(value)


def short_month(value: str) -> str:
    """2026-10 → OUT26, for chart labels."""
    year, month = value.split("-")
    return f"{MONTHS[int(month) - 1]}{year[2:]}"


def cnpj(digits: str) -> str:
    """02.302.100/0001-06."""
    if len(digits) != 14:
        return digits
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"
