"""The items table as fixed-width lines: aligned columns, pt-BR numbers, wrapped descriptions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.documents.item_table import item_table


@dataclass
class Row:
    """An item as the table reads it."""

    description: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal


def test_numbers_end_in_the_same_columns() -> None:
    table = item_table(
        [
            Row("Consumo [KWh]-TE", Decimal("1215"), Decimal("0.60209"), Decimal("731.54")),
            Row("Contrib. Ilum. Pública - COSIP", None, None, Decimal("18.50")),
        ],
        Decimal("750.04"),
    )
    first, cosip = table.body.splitlines()
    assert first.startswith("Consumo [KWh]-TE ") and first.endswith("  731,54")
    assert "1.215" in first and "0,60209" in first
    assert len(first) == len(cosip) == len(table.total) == len(table.head)
    assert table.head.startswith("DESCRIÇÃO") and table.head.endswith("VALOR (R$)")
    assert table.total.startswith("Total") and table.total.endswith("750,04")


def test_a_long_description_wraps_onto_continuation_lines() -> None:
    words = " ".join(f"palavra{n}" for n in range(20))
    table = item_table([Row(words, Decimal(1), Decimal(2), Decimal(2))], Decimal(2))
    lines = table.body.splitlines()
    assert len(lines) > 1 and lines[0].endswith("2,00") and lines[1].startswith("  palavra")
    assert all(
        table.body.count(f"palavra{n} ") + table.body.count(f"palavra{n}\n") <= 1 for n in range(20)
    )
    assert all(f"palavra{n}" in table.body for n in range(20))
    assert all(len(line) <= len(table.head) for line in lines)
