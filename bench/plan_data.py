"""Live installment plans for bench/returns.py, bulk-inserted (Core executemany, no ORM rows):
the return-file import must keep its pace with 10,000 plans reacting to its payments.

Plan n sits on the bench's UC n (whose four invoices the return file pays), so every kind of
reaction happens: every 100th plan awaits its entrada (its UC's first invoice) and becomes
active; the other even ones are in charges mode, with six installments of which the four of
the paid competências become paid; the odd ones are in invoices mode, their first four
installments billed as the UC's four invoices, and those of four installments close.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import Installment, InstallmentPlan, Invoice, Unit

REFERENCES = ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01"]
INSTALLMENT = Decimal("50.00")
CHUNK = 2000


def _plan(n: int, unit_id: int, invoices: list[int]) -> dict[str, Any]:
    """The plan row of bench plan n."""
    awaiting = n % 100 == 0
    mode = "charges" if n % 2 == 0 and not awaiting else "invoices"
    count = 4 if mode == "invoices" and n % 10 == 1 else 6
    return {
        "unit_id": unit_id,
        "status": "awaiting_down_payment" if awaiting else "active",
        "mode": mode,
        "count": count,
        "principal": INSTALLMENT * (count + 1),
        "fine": Decimal("0.00"),
        "interest": Decimal("0.00"),
        "discount": Decimal("0.00"),
        "total": INSTALLMENT * (count + 1),
        "down_payment": INSTALLMENT,
        "down_payment_due": date(2026, 11, 20),
        "down_payment_invoice_id": invoices[0] if awaiting else None,
        "down_payment_charged_again": False,
        "original_ids": [],
        "created_by": "bench",
        "channel": "staff",
    }


def _installments(plan_id: int, plan: dict[str, Any], invoices: list[int]) -> list[dict[str, Any]]:
    """The plan's installment rows (billed as the plan's mode bills them)."""
    rows = []
    for number in range(1, plan["count"] + 1):
        billed = plan["status"] == "active" and (plan["mode"] == "charges" or number <= 4)
        linked = plan["mode"] == "invoices" and billed
        rows.append({
            "plan_id": plan_id, "number": number, "amount": INSTALLMENT,
            "due_date": date(2026, 7 + number, 20) if number <= 5 else date(2027, 1, 20),
            "reference": REFERENCES[number - 1],
            "status": "billed" if billed else "scheduled",
            "invoice_id": invoices[number - 1] if linked else None,
        })  # fmt: skip
    return rows


def add_plans(session: Session, count: int, first_uc: int) -> int:
    """Insert `count` live plans on UCs first_uc, first_uc + 1, ...; returns how many."""
    ucs = [str(first_uc + n) for n in range(count)]
    units = dict(session.execute(select(Unit.uc, Unit.id).where(Unit.uc.in_(ucs))).all())
    invoices: dict[int, list[int]] = {}
    for unit_id, invoice_id in session.execute(
        select(Invoice.unit_id, Invoice.id).order_by(Invoice.unit_id, Invoice.reference)
    ):
        invoices.setdefault(unit_id, []).append(invoice_id)
    made = 0
    for start in range(0, count, CHUNK):
        batch = [(n, units[ucs[n]]) for n in range(start, min(start + CHUNK, count))]
        plans = [_plan(n, unit_id, invoices[unit_id]) for n, unit_id in batch]
        ids = session.scalars(
            insert(InstallmentPlan).returning(InstallmentPlan.id, sort_by_parameter_order=True),
            plans,
        ).all()
        rows = [
            row
            for plan_id, plan, (_, unit_id) in zip(ids, plans, batch, strict=True)
            for row in _installments(plan_id, plan, invoices[unit_id])
        ]
        session.execute(insert(Installment), rows)
        made += len(ids)
    session.commit()
    return made
