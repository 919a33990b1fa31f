"""Parsing an invoice import record: dates, amounts, items, reading and NF3e authorisation."""

from __future__ import annotations

import re
from typing import Any

from billing.competence import REFERENCE
from billing.errors import InvalidCode
from billing.nf3e import validate_access_key
from services.erp.import_schema import (
    InvoiceRecord,
    ItemRecord,
    LineError,
    Nf3eRecord,
    aware_datetime,
    iso_date,
    matching,
    money,
    optional_decimal,
    optional_str,
    plain_json,
    required_str,
)

KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")
UC_RE = re.compile(r"[A-Za-z0-9-]{1,20}")
KINDS = ("energy", "other")
STATUSES = ("open", "paid", "cancelled")


def parse_invoice(data: dict[str, Any]) -> InvoiceRecord:
    """An invoice record; `data` loses the known fields and keeps the rest as extras."""
    key = matching(required_str(data, "id", 64), KEY_RE, "id", "F-131030-2026-10")
    uc = matching(required_str(data, "uc", 20), UC_RE, "uc", "131030")
    reference = matching(required_str(data, "reference", 7), REFERENCE, "reference", "2026-10")
    kind = _choice(data.pop("kind", None) or "energy", "kind", KINDS)
    status = _choice(data.pop("status", None) or "open", "status", STATUSES)
    issue = data.pop("issue_date", None)
    due_date = iso_date(data.pop("due_date", None), "due_date")
    if "amount" not in data:
        raise LineError("amount is required")
    amount = money(data.pop("amount"), "amount")
    previous, current = _reading(data.pop("reading", None))
    return InvoiceRecord(
        key=key,
        uc=uc,
        reference=reference,
        kind=kind,
        issue_date=None if issue is None else iso_date(issue, "issue_date"),
        due_date=due_date,
        amount=amount,
        status=status,
        kwh=_kwh(data.pop("kwh", None)),
        reading_previous=previous,
        reading_current=current,
        items=_items(data.pop("items", None)),
        nf3e=_nf3e(data.pop("nf3e", None)),
        extra=plain_json(data),
    )


def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    """One of a few fixed words."""
    if value not in allowed:
        raise LineError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _kwh(value: Any) -> int | None:
    """Consumption in kWh: a whole, non-negative number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise LineError("kwh must be a whole non-negative number")
    return value


def _reading(value: Any) -> tuple[Any, Any]:
    """The previous and current reading dates, in order."""
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise LineError('reading must be an object {"previous": date, "current": date}')
    previous = iso_date(value.get("previous"), "reading.previous")
    current = iso_date(value.get("current"), "reading.current")
    if current < previous:
        raise LineError("reading.current is before reading.previous")
    return previous, current


def _items(value: Any) -> tuple[ItemRecord, ...]:
    """The items table: description and amount required, quantity and unit price optional."""
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > 200:
        raise LineError("items must be a list of at most 200 objects")
    items = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise LineError(f"items[{position}] must be an object")
        name = f"items[{position}]"
        items.append(
            ItemRecord(
                description=required_str(dict(item), "description"),
                quantity=optional_decimal(item.get("quantity"), f"{name}.quantity"),
                unit_price=optional_decimal(item.get("unit_price"), f"{name}.unit_price"),
                amount=money(item.get("amount"), f"{name}.amount", allow_negative=True),
            )
        )
    return tuple(items)


def _nf3e(value: Any) -> Nf3eRecord | None:
    """The NF3e authorisation (null while not authorised); the access key's DV is checked."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise LineError("nf3e must be an object or null")
    data = dict(value)
    try:
        key = validate_access_key(required_str(data, "access_key", 60))
    except InvalidCode as exc:
        raise LineError(f"nf3e.access_key: {exc}") from None
    authorized = data.pop("authorized_at", None)
    return Nf3eRecord(
        number=matching(
            required_str(data, "number", 9), re.compile(r"\d{1,9}"), "nf3e.number", "65543"
        ),
        series=matching(
            required_str(data, "series", 3), re.compile(r"\d{1,3}"), "nf3e.series", "1"
        ),
        access_key=key,
        protocol=optional_str(data, "protocol", 20),
        authorized_at=None
        if authorized is None
        else aware_datetime(authorized, "nf3e.authorized_at"),
    )
