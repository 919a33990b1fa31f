"""Test data the benchmark scripts share: valid CPFs and a typical invoice's items."""

from __future__ import annotations

ITEMS = [
    {
        "description": "Consumo Uso Sistema [KWh]-TUSD",
        "quantity": "215",
        "unit_price": "0.45123",
        "amount": "97.01",
    },
    {
        "description": "Consumo [KWh]-TE",
        "quantity": "215",
        "unit_price": "0.60209",
        "amount": "129.99",
    },
    {"description": "Contrib. Ilum. Pública - COSIP", "amount": "18.50"},
]


def cpf(n: int) -> str:
    """A valid CPF whose first nine digits are n (mod 10⁹); repeated digits avoided."""
    digits = f"{n % 10**9:09d}"
    if len(set(digits)) == 1:
        digits = "123456780"
    for size in (9, 10):
        total = sum(int(d) * w for d, w in zip(digits, range(size + 1, 1, -1), strict=False))
        digits += str((total * 10) % 11 % 10)
    return digits


def unit_records(count: int, prefix: str, first_document: int, first_uc: int, due_date):  # type: ignore[no-untyped-def]
    """Import records of count // 4 consumers, one UC each with four open invoices
    (competências 08–11/2026): ids `<prefix>-<uc>-<month>`, due `due_date(month)` (ISO)."""
    for n in range(count // 4):
        document, uc = cpf(first_document + n), f"{first_uc + n}"
        yield {"type": "consumer", "document": document, "name": f"Consumidor {n}"}
        yield {"type": "unit", "uc": uc, "document": document}
        for month in range(4):
            yield {
                "type": "invoice",
                "id": f"{prefix}-{uc}-{month}",
                "uc": uc,
                "reference": f"2026-{month + 8:02d}",
                "due_date": due_date(month),
                "amount": f"{100 + n % 300}.{(n * 7 + month) % 100:02d}",
                "status": "open",
            }
