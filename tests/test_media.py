"""GET /media/<token>: signed, expiring links to a document (docs/interfaces.md#documents)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import select

from models import DeliveryKind, Invoice
from services.documents.media_links import make_token
from services.erp.demo import load_demo


@pytest.fixture
def october(app, session) -> Invoice:  # type: ignore[no-untyped-def]
    """The demo's open October invoice."""
    load_demo(session, date.today())
    invoices = session.scalars(select(Invoice).order_by(Invoice.reference)).all()
    return [i for i in invoices if i.unit.uc == "131030"][-2]


def token_for(app, invoice: Invoice, kind: DeliveryKind = DeliveryKind.SECOND_COPY) -> str:  # type: ignore[no-untyped-def]
    """A valid token signed with the app's secret."""
    return make_token(app.config["SECRET_KEY"], invoice.id, kind)


def test_a_valid_link_serves_the_pdf_with_a_readable_name(app, client, october) -> None:
    response = client.get(f"/media/{token_for(app, october)}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'inline; filename="fatura-131030-{october.reference}.pdf"'
    )
    assert response.data.startswith(b"%PDF-")


def test_a_tampered_link_is_404(app, client, october) -> None:
    token = token_for(app, october)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.get(f"/media/{forged}").status_code == 404
    other_key = make_token("another-secret", october.id, DeliveryKind.SECOND_COPY)
    assert client.get(f"/media/{other_key}").status_code == 404


def test_an_unknown_or_garbage_link_is_404(app, client) -> None:
    assert (
        client.get(
            f"/media/{make_token(app.config['SECRET_KEY'], 999999, DeliveryKind.SECOND_COPY)}"
        ).status_code
        == 404
    )
    assert client.get("/media/not-a-token").status_code == 404
    assert client.get("/media/").status_code == 404


def test_an_expired_link_is_404(app, client, october, monkeypatch) -> None:
    token = token_for(app, october)
    hours = app.extensions["fatura"].config.media_link_hours
    later = time.time() + hours * 3600 + 5
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = client.get(f"/media/{token}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_a_link_still_works_just_before_it_expires(app, client, october, monkeypatch) -> None:
    token = token_for(app, october, DeliveryKind.PAYMENT_SLIP)
    hours = app.extensions["fatura"].config.media_link_hours
    later = time.time() + hours * 3600 - 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert client.get(f"/media/{token}").status_code == 200
