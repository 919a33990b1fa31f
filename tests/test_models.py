"""The schema: migrations match the models on every backend; the event log is append-only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models import Base, Consumer, Delivery, DeliveryEvent, DeliveryKind, DeliveryMedium
from models.base import Money


def test_migrations_create_exactly_the_models(db) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_delivery_events_cannot_be_rewritten(session) -> None:
    delivery = Delivery(
        dedupe_key="k",
        medium=DeliveryMedium.SMS,
        destination="+5531999990000",
        kind=DeliveryKind.TEXT,
    )
    session.add(delivery)
    session.flush()
    event = DeliveryEvent(delivery_id=delivery.id, status="pending")
    session.add(event)
    session.commit()
    event.status = "sent"
    with pytest.raises(PermissionError):
        session.commit()
    session.rollback()
    session.delete(session.get(DeliveryEvent, event.id))
    with pytest.raises(PermissionError):
        session.commit()


def test_money_refuses_floats_and_fractions_of_a_centavo() -> None:
    money = Money()
    assert money.process_bind_param(Decimal("245.50"), None) == 24550  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        money.process_bind_param(245.5, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        money.process_bind_param(Decimal("1.005"), None)  # type: ignore[arg-type]


def test_naive_datetimes_are_refused(session) -> None:
    from datetime import datetime

    session.add(Consumer(document="12345678909", name="x", created_at=datetime(2026, 1, 1)))
    with pytest.raises(Exception, match="naive datetime"):
        session.commit()
