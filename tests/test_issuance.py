"""First copies at issuance: the ERP API and import, held until authorised, the print batch."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from models import Delivery, DeliveryKind, DeliveryStatus, Enrollment, Invoice, OutboxMessage, Unit
from services import settings
from services.delivery import print_batch
from services.erp.demo import load_demo
from tests.support.importing import VALID_KEY
from tests.support.importing import invoice as invoice_record
from workers import periodic


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    """The demo distributor: UC 131030 enrolled with teste@teste.com (digital only)."""
    load_demo(session, date.today())
    return session


def new_invoice(**fields: object) -> dict[str, object]:
    """An API invoice body (an import record without `type`) for the demo UC."""
    body = invoice_record(
        key="F-NEW-1",
        uc="131030",
        reference="2026-12",
        issue_date="2026-12-05",
        due_date="2026-12-20",
        **fields,
    )
    body.pop("type")
    return body


def first_copies(session) -> list[Delivery]:  # type: ignore[no-untyped-def]
    """The first-copy deliveries, fresh from the database."""
    session.expire_all()
    return list(session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.FIRST_COPY)))


def test_a_new_invoice_is_sent_to_every_recipient(app, client, auth, demo) -> None:
    unit = demo.scalar(select(Unit).where(Unit.uc == "131030"))
    demo.add(
        Enrollment(
            unit_id=unit.id, medium="whatsapp", destination="+5531988887777", created_by="test"
        )
    )
    demo.commit()
    response = client.post("/api/v1/invoices", json=new_invoice(), headers=auth)
    assert response.status_code == 201
    assert response.get_json()["payment"]["barcode"]
    app.extensions["fatura"].queue.join()
    copies = first_copies(demo)
    assert sorted((d.medium.value, d.destination, d.status.value) for d in copies) == [
        ("email", "teste@teste.com", "sent"),
        ("whatsapp", "+5531988887777", "sent"),
    ]
    mail = demo.scalar(select(OutboxMessage).where(OutboxMessage.destination == "teste@teste.com"))
    assert mail.document.startswith(b"%PDF-") and "2026" in mail.subject


def test_posting_the_same_invoice_again_sends_nothing(app, client, auth, demo) -> None:
    assert client.post("/api/v1/invoices", json=new_invoice(), headers=auth).status_code == 201
    again = client.post("/api/v1/invoices", json=new_invoice(), headers=auth)
    assert again.status_code == 200
    app.extensions["fatura"].queue.join()
    assert len(first_copies(demo)) == 1
    assert len(demo.scalars(select(OutboxMessage)).all()) == 1


def test_held_until_authorised_then_released_by_the_update(app, client, auth, demo) -> None:
    settings.update(demo, {"send_unauthorized_at_issuance": False}, "test")
    body = new_invoice(nf3e=None)
    assert client.post("/api/v1/invoices", json=body, headers=auth).status_code == 201
    app.extensions["fatura"].queue.join()
    assert [d.status for d in first_copies(demo)] == [DeliveryStatus.HELD]
    body["nf3e"] = {
        "number": "1",
        "series": "1",
        "access_key": VALID_KEY,
        "protocol": "1",
        "authorized_at": "2026-12-05T10:00:00-03:00",
    }
    assert client.post("/api/v1/invoices", json=body, headers=auth).status_code == 200
    app.extensions["fatura"].queue.join()
    assert [d.status for d in first_copies(demo)] == [DeliveryStatus.SENT]


def test_dispatch_pending_sends_what_was_authorised_meanwhile(app, client, auth, demo) -> None:
    settings.update(demo, {"send_unauthorized_at_issuance": False}, "test")
    client.post("/api/v1/invoices", json=new_invoice(nf3e=None), headers=auth)
    assert periodic.dispatch_pending() == 0  # not authorised yet: still held
    stored = demo.scalar(select(Invoice).where(Invoice.key == "F-NEW-1"))
    stored.nf3e_access_key = VALID_KEY
    demo.commit()
    assert periodic.dispatch_pending() == 1
    app.extensions["fatura"].queue.join()
    assert [d.status for d in first_copies(demo)] == [DeliveryStatus.SENT]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (
            '{"id": "F-X", "uc": "131030", "reference": "2026-12", "due_date": "2026-12-20", '
            '"amount": 10.5}',
            422,
        ),
        (
            '{"id": "F-X", "uc": "999999", "reference": "2026-12", "due_date": "2026-12-20", '
            '"amount": "10.50"}',
            422,
        ),
        ("[1, 2]", 400),
        ("{not json", 400),
    ],
)
def test_bad_invoices_are_refused_and_change_nothing(client, auth, demo, body, status) -> None:
    response = client.post(
        "/api/v1/invoices", data=body, headers=auth, content_type="application/json"
    )
    assert response.status_code == status and response.get_json()["error"]
    assert demo.scalar(select(Invoice).where(Invoice.key == "F-X")) is None
    assert first_copies(demo) == []


def test_the_print_batch_lists_ucs_that_still_need_paper(demo) -> None:
    reference = demo.scalar(select(Invoice.reference).order_by(Invoice.reference.desc()))
    out = io.StringIO()
    count = print_batch.write_csv(demo, reference, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(print_batch.COLUMNS)
    assert count == 1 and lines[1].startswith("220045,") and "sem adesão" in lines[1]
    enrollment = demo.scalar(select(Enrollment))
    enrollment.keep_printed = True
    demo.commit()
    out = io.StringIO()
    assert print_batch.write_csv(demo, reference, out) == 2
    assert "cópia impressa solicitada" in out.getvalue()


def test_the_print_batch_command_checks_the_reference(db_url) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    fatura = str(Path(sys.executable).parent / "fatura")
    env = {**os.environ, "DATABASE_URL": db_url, "APP_ENV": "test"}
    env.pop("REDIS_URL", None)
    bad = subprocess.run(
        [fatura, "print-batch", "--reference", "10/2026"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "AAAA-MM" in bad.stderr
    good = subprocess.run(
        [fatura, "print-batch", "--reference", "2026-10"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert good.returncode == 0 and good.stdout.startswith("uc,nome,")
    assert "contract copies to print" in good.stderr and "to print" not in good.stdout


def test_a_large_import_issues_one_copy_per_recipient_across_chunks(session, monkeypatch) -> None:
    """Seven UCs with 0, 1 or 2 recipients, issued three invoices per query: every recipient
    of every new invoice gets one copy, unauthorised ones held; issuing again adds nothing and
    releasing the authorised ones reaches every chunk."""
    from services.delivery import issuance
    from services.erp.after_import import after_import
    from services.erp.importer import import_lines
    from tests.support.importing import consumer, jsonl, unit

    monkeypatch.setattr(issuance, "CHUNK", 3)

    def refuse(number: int, reason: str) -> None:
        pytest.fail(f"line {number}: {reason}")

    settings.update(session, {"send_unauthorized_at_issuance": False}, "test")
    ucs = [f"{140000 + n}" for n in range(7)]
    records = [consumer()] + [unit(uc=uc) for uc in ucs]
    records += [invoice_record(key=f"F-{uc}", uc=uc, nf3e=None) for uc in ucs]
    import_lines(session, jsonl(*records[:8]).splitlines(), refuse)
    units = {u.uc: u.id for u in session.scalars(select(Unit))}
    for n, uc in enumerate(ucs):
        for medium, destination in [("email", f"u{n}@example.com"), ("whatsapp", "+5531988887777")][
            : n % 3
        ]:
            session.add(
                Enrollment(
                    unit_id=units[uc], medium=medium, destination=destination, created_by="t"
                )
            )
    session.commit()
    report = import_lines(session, jsonl(*records[8:]).splitlines(), refuse)
    assert after_import(session, report) == []  # all held: none is authorised yet
    copies = first_copies(session)
    expected = sum(n % 3 for n in range(7))
    assert len(copies) == expected == 6
    assert {d.status for d in copies} == {DeliveryStatus.HELD}
    assert len({d.dedupe_key for d in copies}) == expected
    assert issuance.issue(session, report.new_invoice_ids) == [] and len(first_copies(session)) == 6
    session.execute(Invoice.__table__.update().values(nf3e_access_key=VALID_KEY))
    released = issuance.release_held(session, report.new_invoice_ids)
    session.commit()
    assert sorted(released) == sorted(d.id for d in copies)
    assert {d.status for d in first_copies(session)} == {DeliveryStatus.PENDING}
