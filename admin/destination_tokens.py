"""Where staff may send a copy: a destination on file (chosen by an opaque token, so the page
never carries it in full) or one typed at the counter."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.validation import mask_destination
from models import ConsumerPhone, Enrollment, Unit


@dataclass(frozen=True)
class Known:
    """A destination on file: `token` goes in the form, `label` is masked."""

    token: str
    label: str
    value: str
    email: bool


def known_destinations(db: Session, unit: Unit) -> list[Known]:
    """The UC's enrolled recipients, the titular's e-mail and phones, without repeats."""
    found: dict[str, Known] = {}
    for row in db.scalars(select(Enrollment).where(Enrollment.unit_id == unit.id)):
        what = "e-mail" if row.medium.value == "email" else "WhatsApp"
        found.setdefault(
            row.destination,
            Known(
                f"e{row.id}",
                f"{what} cadastrado {mask_destination(row.destination)}",
                row.destination,
                "@" in row.destination,
            ),
        )
    consumer = unit.consumer
    if consumer.email:
        found.setdefault(
            consumer.email,
            Known(
                f"c{consumer.id}",
                f"e-mail do titular {mask_destination(consumer.email)}",
                consumer.email,
                True,
            ),
        )
    for phone in db.scalars(select(ConsumerPhone).where(ConsumerPhone.consumer_id == consumer.id)):
        found.setdefault(
            phone.phone,
            Known(
                f"p{phone.id}",
                f"celular do titular {mask_destination(phone.phone)}",
                phone.phone,
                False,
            ),
        )
    return list(found.values())


def resolve(db: Session, unit: Unit, token: str, typed: str) -> str:
    """The destination typed, else the one the token names (only the UC's own), else ''."""
    if typed.strip():
        return typed.strip()
    for known in known_destinations(db, unit):
        if known.token == token:
            return known.value
    return ""
