"""The DANF3e's items table as fixed-width text lines, set in DejaVu Sans Mono.

WeasyPrint lays out every table cell as a box with its own line (about 2 ms a row of four
cells); one preformatted line per row costs about a quarter of that, and a monospaced font
keeps the columns aligned. Long descriptions wrap onto continuation lines.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from services.core import formats

DESCRIPTION = 70  # characters, at 7 pt: 124 in all fill the items box (187.7 mm)
QUANTITY = 14
PRICE = 20
AMOUNT = 20
GAP = 2  # blank characters kept between a description and the quantity column


class Item(Protocol):
    """What an invoice item gives the table."""

    description: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal


@dataclass(frozen=True)
class ItemTable:
    """Heading, body and total lines, each exactly as wide as the table."""

    head: str
    body: str
    total: str


def _line(description: str, quantity: str, price: str, amount: str) -> str:
    """One row: the description left-aligned, the three numbers right-aligned."""
    return (
        f"{description:<{DESCRIPTION}}{quantity:>{QUANTITY}}{price:>{PRICE}}{amount:>{AMOUNT}}"
    ).rstrip()


def _rows(item: Item) -> list[str]:
    """An item's line, plus continuation lines when its description is long."""
    parts = textwrap.wrap(item.description, DESCRIPTION - GAP) or [""]
    first = _line(
        parts[0],
        formats.number(item.quantity),
        formats.number(item.unit_price),
        formats.number(item.amount, 2),
    )
    return [first, *(f"  {part}" for part in parts[1:])]


def item_table(items: Iterable[Item], total: Decimal) -> ItemTable:
    """The table of `items` with `total` on its last line, numbers in pt-BR."""
    return ItemTable(
        head=_line("DESCRIÇÃO", "QUANT.", "PREÇO UNIT. (R$)", "VALOR (R$)"),
        body="\n".join(line for item in items for line in _rows(item)),
        total=_line("Total", "", "", formats.number(total, 2)),
    )
