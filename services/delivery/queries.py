"""Listing deliveries with their UC, for the deliveries API and the admin's Envios screen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, selectinload

from models import Delivery, DeliveryStatus, Invoice, Unit
from services.core.clock import LOCAL_TZ

OWNER = aliased(Unit, name="owner")  # the delivery's unit, else its invoice's
PROBLEMS = (DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED, DeliveryStatus.NEEDS_REVIEW)


class BadQuery(ValueError):
    """A filter value the list cannot be filtered by."""


def base_query() -> Select[Any]:
    """Each delivery with its invoice's ERP key and its UC, newest first, histories loaded."""
    return (
        select(Delivery, Invoice.key, OWNER.uc)
        .outerjoin(Invoice, Invoice.id == Delivery.invoice_id)
        .outerjoin(OWNER, OWNER.id == func.coalesce(Delivery.unit_id, Invoice.unit_id))
        .options(selectinload(Delivery.events))
        .order_by(Delivery.created_at.desc(), Delivery.id.desc())
    )


def statuses(text: str) -> Sequence[DeliveryStatus]:
    """One status by name, or `problems` for failed, undelivered and needs_review."""
    if text == "problems":
        return PROBLEMS
    try:
        return (DeliveryStatus(text),)
    except ValueError:
        raise BadQuery(f"status desconhecido: {text[:20]}") from None


def _local_midnight(day: date) -> datetime:
    """The UTC instant a São Paulo day starts."""
    return datetime.combine(day, time(0), LOCAL_TZ)


def filtered(
    query: Select[Any],
    *,
    uc: str = "",
    invoice: str = "",
    status: str = "",
    since: date | None = None,
    until: date | None = None,
) -> Select[Any]:
    """Apply the filters given; days are São Paulo days, both ends included."""
    if uc.strip():
        query = query.where(OWNER.uc == uc.strip())
    if invoice.strip():
        query = query.where(Invoice.key == invoice.strip())
    if status.strip():
        query = query.where(Delivery.status.in_(statuses(status.strip())))
    if since is not None:
        query = query.where(Delivery.created_at >= _local_midnight(since))
    if until is not None:
        query = query.where(Delivery.created_at < _local_midnight(until + timedelta(days=1)))
    return query
