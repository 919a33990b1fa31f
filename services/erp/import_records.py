"""One JSON Lines import line parsed into a validated, typed record (docs/interfaces.md)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from billing.validation import InvalidValue, normalise_document, normalise_email, normalise_phone
from services.collection.debit_identity import ALLOWED as DEBIT_ID_RE
from services.erp.import_invoice import parse_invoice
from services.erp.import_schema import (
    ConsumerRecord,
    LineError,
    Record,
    UnitRecord,
    matching,
    optional_str,
    plain_json,
    required_str,
)

MAX_LINE_BYTES = 256 * 1024
UC_RE = re.compile(r"[A-Za-z0-9-]{1,20}")


def parse_line(line: str) -> Record:
    """Parse one non-blank line, or raise LineError with the reason."""
    if len(line.encode()) > MAX_LINE_BYTES:
        raise LineError(f"line longer than {MAX_LINE_BYTES} bytes")
    try:
        data = json.loads(line, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise LineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise LineError("a record must be a JSON object")
    kind = data.pop("type", None)
    parser = PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise LineError(f"type must be consumer, unit or invoice, not {kind!r}")
    try:
        return parser(data)
    except InvalidValue as exc:
        raise LineError(str(exc)) from None


def parse_consumer(data: dict[str, Any]) -> ConsumerRecord:
    """A consumer record."""
    document = normalise_document(required_str(data, "document", 30))
    name = required_str(data, "name")
    phones = data.pop("phones", None) or []
    if not isinstance(phones, list):
        raise LineError("phones must be a list of strings")
    normalised = tuple(dict.fromkeys(normalise_phone(phone) for phone in phones))
    email = optional_str(data, "email", 320)
    return ConsumerRecord(
        document, name, normalised, email and normalise_email(email), plain_json(data)
    )


def parse_unit(data: dict[str, Any]) -> UnitRecord:
    """A unit (UC) record."""
    uc = matching(required_str(data, "uc", 20), UC_RE, "uc", "131030")
    document = normalise_document(required_str(data, "document", 30))
    address = optional_str(data, "address")
    debit_id = optional_str(data, "debit_id", 25)
    if debit_id is not None:
        matching(debit_id, DEBIT_ID_RE, "debit_id", "131030-A")
    return UnitRecord(uc, document, address, plain_json(data), debit_id)


PARSERS = {"consumer": parse_consumer, "unit": parse_unit, "invoice": parse_invoice}
