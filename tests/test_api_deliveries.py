"""GET /api/v1/deliveries (docs/interfaces.md): the shape, filters, order, limits, auth."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from sqlalchemy import event, select

from models import DeliveryKind, DeliveryMedium, Invoice, Unit
from services.delivery import deliveries
from services.delivery.provider_status import apply_callback
from services.erp.importer import import_lines
from tests.support.importing import consumer, invoice, jsonl, unit

PATH = "/api/v1/deliveries"
ITEM_KEYS = {
    "id",
    "invoice_id",
    "uc",
    "medium",
    "destination",
    "kind",
    "status",
    "reason",
    "provider_id",
    "history",
}
PHONE = "+5531999990000"


@pytest.fixture
def units(session):  # type: ignore[no-untyped-def]
    """Two UCs of one consumer, one invoice each."""
    lines = jsonl(
        consumer(),
        unit("131030"),
        unit("131031"),
        invoice("F-131030-2026-10", "131030"),
        invoice("F-131031-2026-10", "131031"),
    )
    import_lines(session, lines.splitlines(), lambda n, r: None)


def invoice_delivery(session, key: str, medium=DeliveryMedium.WHATSAPP, dest=PHONE) -> int:  # type: ignore[no-untyped-def]
    """A pending first copy of the invoice with this ERP key."""
    found = session.scalar(select(Invoice).where(Invoice.key == key))
    delivery, _ = deliveries.create(
        session,
        dedupe_key=f"test-{uuid.uuid4().hex}",
        invoice_id=found.id,
        medium=medium,
        destination=dest,
        kind=DeliveryKind.FIRST_COPY,
    )
    return delivery.id


def text_delivery(session, uc: str) -> int:  # type: ignore[no-untyped-def]
    """A pending text message to the UC's consumer, with no invoice."""
    owner = session.scalar(select(Unit).where(Unit.uc == uc))
    delivery, _ = deliveries.create_text(
        session,
        medium=DeliveryMedium.SMS,
        destination=PHONE,
        text="Seu cadastro foi atualizado.",
        dedupe_key=f"test-{uuid.uuid4().hex}",
        unit_id=owner.id,
    )
    return delivery.id


def send_and_deliver(session, delivery_id: int) -> str:  # type: ignore[no-untyped-def]
    """Claim, send and apply a `delivered` callback; the provider's sid."""
    sid = "SM" + uuid.uuid4().hex
    claimed = deliveries.claim(session, delivery_id)
    assert claimed is not None
    deliveries.mark_sent(session, claimed, sid)
    detail = {"MessageStatus": "delivered"}
    apply_callback(session, provider_id=sid, status="delivered", error_code=None, detail=detail)
    session.commit()
    return sid


def items(client, auth, query: str = "") -> list[dict]:  # type: ignore[no-untyped-def]
    """The list's items for this query string."""
    response = client.get(f"{PATH}{query}", headers=auth)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["items"]


def test_each_item_has_exactly_the_contract_shape(client, auth, session, units) -> None:
    delivery_id = invoice_delivery(session, "F-131030-2026-10", dest=f"whatsapp:{PHONE}")
    sid = send_and_deliver(session, delivery_id)
    (item,) = items(client, auth)
    assert set(item) == ITEM_KEYS
    assert item["id"] == delivery_id and item["invoice_id"] == "F-131030-2026-10"
    assert item["uc"] == "131030" and item["medium"] == "whatsapp"
    assert item["destination"] == PHONE and item["kind"] == "first_copy"
    assert item["status"] == "delivered" and item["reason"] is None
    assert item["provider_id"] == sid
    for entry in item["history"]:
        assert set(entry) == {"status", "at", "code"}
        assert datetime.fromisoformat(entry["at"]).tzinfo is not None


def test_history_is_oldest_first(client, auth, session, units) -> None:
    delivery_id = invoice_delivery(session, "F-131030-2026-10")
    send_and_deliver(session, delivery_id)
    (item,) = items(client, auth)
    statuses = [entry["status"] for entry in item["history"]]
    assert statuses[0] == "pending" and statuses[-2:] == ["sent", "delivered"]
    moments = [datetime.fromisoformat(entry["at"]) for entry in item["history"]]
    assert moments == sorted(moments)


def test_a_text_takes_its_uc_from_the_unit_and_has_no_invoice(client, auth, session, units) -> None:
    delivery_id = text_delivery(session, "131031")
    (item,) = items(client, auth)
    assert (item["id"], item["uc"], item["invoice_id"]) == (delivery_id, "131031", None)
    assert (item["medium"], item["kind"], item["destination"]) == ("sms", "text", PHONE)


def test_filters_by_uc_and_invoice(client, auth, session, units) -> None:
    first = invoice_delivery(session, "F-131030-2026-10")
    email = invoice_delivery(session, "F-131030-2026-10", DeliveryMedium.EMAIL, "m@example.com")
    other = invoice_delivery(session, "F-131031-2026-10")
    text = text_delivery(session, "131031")
    assert [i["id"] for i in items(client, auth)] == [text, other, email, first]
    assert [i["id"] for i in items(client, auth, "?uc=131030")] == [email, first]
    assert [i["id"] for i in items(client, auth, "?uc=131031")] == [text, other]
    assert [i["id"] for i in items(client, auth, "?invoice=F-131031-2026-10")] == [other]
    both = "?uc=131031&invoice=F-131031-2026-10"
    assert [i["id"] for i in items(client, auth, both)] == [other]
    assert items(client, auth, "?uc=131030&invoice=F-131031-2026-10") == []
    assert items(client, auth, "?uc=999999") == []
    assert items(client, auth, "?invoice=F-nao-existe") == []


def test_filters_by_status(client, auth, session, units) -> None:
    delivered = invoice_delivery(session, "F-131030-2026-10")
    send_and_deliver(session, delivered)
    invoice_delivery(session, "F-131031-2026-10")
    assert [i["id"] for i in items(client, auth, "?status=delivered")] == [delivered]
    response = client.get(f"{PATH}?status=bogus", headers=auth)
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"


def test_limit_keeps_the_newest(client, auth, session, units) -> None:
    invoice_delivery(session, "F-131030-2026-10")
    newest = invoice_delivery(session, "F-131031-2026-10")
    assert [i["id"] for i in items(client, auth, "?limit=1")] == [newest]
    assert len(items(client, auth, "?limit=1000")) == 2


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "1001", "1.5"])
def test_bad_limits_are_400(client, auth, limit) -> None:
    response = client.get(f"{PATH}?limit={limit}", headers=auth)
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic dGVzdA=="])
def test_the_bearer_token_is_required(client, header) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.get(PATH, headers=headers)
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


def test_the_query_count_does_not_grow_with_the_list(app, client, auth, session, units) -> None:
    def statements(count: int) -> int:
        for _ in range(count):
            send_and_deliver(session, invoice_delivery(session, "F-131030-2026-10"))
        seen: list[str] = []

        def record(*args: object) -> None:
            seen.append(str(args[2]))

        engine = app.extensions["fatura"].db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            assert items(client, auth)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return len(seen)

    assert statements(1) == statements(5) <= 3
