"""Builders of import lines shared by the import, demo and benchmark tests."""

from __future__ import annotations

import json
from typing import Any

VALID_KEY = "35251202302100000106660000065543841048823644"


def consumer(document: str = "12345678909", **extra: Any) -> dict[str, Any]:
    """A consumer record."""
    return {
        "type": "consumer",
        "document": document,
        "name": "Maria da Silva",
        "phones": ["(31) 99999-0000"],
        "email": "maria@example.com",
        **extra,
    }


def unit(uc: str = "131030", document: str = "12345678909", **extra: Any) -> dict[str, Any]:
    """A unit record."""
    return {
        "type": "unit",
        "uc": uc,
        "document": document,
        "address": "Rua das Flores, 100 - Belo Horizonte/MG",
        **extra,
    }


def invoice(key: str = "F-131030-2026-10", uc: str = "131030", **extra: Any) -> dict[str, Any]:
    """An invoice record like the example in docs/interfaces.md#import-format."""
    record: dict[str, Any] = {
        "type": "invoice",
        "id": key,
        "uc": uc,
        "reference": "2026-10",
        "kind": "energy",
        "issue_date": "2026-10-05",
        "due_date": "2026-10-20",
        "amount": "245.50",
        "status": "open",
        "kwh": 215,
        "reading": {"previous": "2026-09-04", "current": "2026-10-04"},
        "items": [
            {
                "description": "Consumo TUSD",
                "quantity": "215",
                "unit_price": "0.45123",
                "amount": "97.01",
            }
        ],
        "nf3e": {
            "number": "65543",
            "series": "1",
            "access_key": VALID_KEY,
            "protocol": "335250000123456",
            "authorized_at": "2026-10-05T10:00:00-03:00",
        },
    }
    record.update(extra)
    return record


def jsonl(*records: dict[str, Any] | str) -> str:
    """Records as JSON Lines (a str record is written as given, for malformed lines)."""
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
