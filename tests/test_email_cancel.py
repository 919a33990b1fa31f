"""One-click cancel (RFC 8058) from the link of a real invoice e-mail: GET changes nothing, a
POST cancels that one enrolment once, audited; tampered, expired and foreign tokens do nothing."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from models import AuditLog, DeliveryKind, Enrollment, EnrollmentMedium, unit_by_uc
from services.documents.media_links import make_token as media_token
from services.people import email_cancel, enrollments
from tests.support.notices import api_invoice, issue
from tests.support.smtp import PUBLIC, received

TO = "teste@teste.com"

ONE_CLICK = {"List-Unsubscribe": "One-Click"}  # the body a mail provider POSTs (RFC 8058)


@pytest.fixture
def mail(mail_app):  # type: ignore[no-untyped-def]
    """The app sending through a local SMTP server, and what the server received."""
    return mail_app


def cancel_link(app: Any, recorder: Any, auth: dict[str, str], to: str = TO) -> str:
    """Issue an invoice and return the https link of its e-mail's List-Unsubscribe."""
    issue(app, app.test_client(), auth, api_invoice(f"F-CANCEL-{len(recorder.envelopes)}"))
    message = received(recorder, to)[-1]
    return message["List-Unsubscribe"].split(",")[0].strip("<> ")


def enrolled(session: Any) -> list[tuple[str, str, str]]:
    """Every enrolment as (UC, medium, destination), fresh from the database."""
    session.expire_all()
    rows = session.scalars(select(Enrollment).order_by(Enrollment.id))
    return [(row.unit.uc, row.medium.value, row.destination) for row in rows]


def audits(session: Any) -> list[AuditLog]:
    """Enrolment deletions in the audit log."""
    session.expire_all()
    return list(session.scalars(select(AuditLog).where(AuditLog.action == "enrollment.delete")))


@pytest.fixture
def others(session: Any) -> list[tuple[str, str, str]]:
    """Recipients the cancel must leave alone: another e-mail and a WhatsApp number of the
    same UC, and the same address enrolled for the demo's other UC."""
    for uc, medium, destination in (
        ("131030", EnrollmentMedium.EMAIL, "maria@example.com"),
        ("131030", EnrollmentMedium.WHATSAPP, "+5531988887777"),
        ("220045", EnrollmentMedium.EMAIL, TO),
    ):
        unit = unit_by_uc(session, uc)
        enrollments.enroll(session, unit, medium, destination, keep_printed=False, actor="test")
    session.commit()
    return [e for e in enrolled(session) if e != ("131030", "email", TO)]


def test_get_shows_a_button_and_changes_nothing(mail, session, auth, others) -> None:  # type: ignore[no-untyped-def]
    app, recorder = mail
    link = cancel_link(app, recorder, auth)
    before = enrolled(session)
    client = app.test_client()
    for _ in range(3):  # a link scanner, a preview, the consumer
        page = client.get(link.removeprefix(PUBLIC))
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "t***@teste.com" in text and TO not in text and "131030" in text
        assert 'method="post"' in text and "Cancelar o envio por e-mail" in text
    assert client.head(link.removeprefix(PUBLIC)).status_code == 200
    assert enrolled(session) == before and audits(session) == []
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_a_post_cancels_that_enrolment_once(mail, session, auth, others) -> None:  # type: ignore[no-untyped-def]
    app, recorder = mail
    path = cancel_link(app, recorder, auth).removeprefix(PUBLIC)
    client = app.test_client()
    first = client.post(path, data=ONE_CLICK)  # no cookie, no CSRF token, no login
    assert first.status_code == 200 and "Pronto, cancelado" in first.get_data(as_text=True)
    assert enrolled(session) == others
    (entry,) = audits(session)
    assert entry.actor == email_cancel.ACTOR and entry.detail["destination"] == "t***@teste.com"
    assert entry.detail["uc"] == "131030"
    again = client.post(path, data=ONE_CLICK)  # the provider retries; the consumer clicks too
    assert again.status_code == 200 and "Nada a cancelar" in again.get_data(as_text=True)
    assert enrolled(session) == others and len(audits(session)) == 1
    issue(app, app.test_client(), auth, api_invoice("F-CANCEL-AFTER"))
    assert len(received(recorder, TO)) == 1  # this UC's invoices stopped for this address
    assert len(received(recorder, "maria@example.com")) == 2  # not for its other address
    issue(app, app.test_client(), auth, api_invoice("F-CANCEL-OTHER-UC", uc="220045"))
    assert len(received(recorder, TO)) == 2  # nor for the other UC


def test_two_posts_at_once_cancel_once(mail, session, auth, others) -> None:  # type: ignore[no-untyped-def]
    app, recorder = mail
    path = cancel_link(app, recorder, auth).removeprefix(PUBLIC)
    answers: list[int] = []
    start = threading.Barrier(2)

    def post() -> None:
        client = app.test_client()
        with app.app_context():
            start.wait()
            answers.append(client.post(path, data=ONE_CLICK).status_code)

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert answers == [200, 200]
    assert enrolled(session) == others and len(audits(session)) == 1


def _tampered(path: str) -> list[str]:
    """The link with its payload, timestamp or signature changed, or cut short."""
    token = path.rsplit("/", 1)[1]
    payload, stamp, signature = token.split(".")
    flip = lambda text: text[:-2] + ("A" if text[-2] != "A" else "B") + text[-1]  # noqa: E731
    return [
        f"/cancelar/{flip(payload)}.{stamp}.{signature}",
        f"/cancelar/{payload}.{flip(stamp)}.{signature}",
        f"/cancelar/{payload}.{stamp}.{flip(signature)}",
        f"/cancelar/{payload}.{stamp}",
        "/cancelar/x",
    ]


def test_tampered_tokens_change_nothing(mail, session, auth, others) -> None:  # type: ignore[no-untyped-def]
    app, recorder = mail
    path = cancel_link(app, recorder, auth).removeprefix(PUBLIC)
    before, client = enrolled(session), app.test_client()
    for bad in _tampered(path):
        for method in (client.get, client.post):
            answer = method(bad, data=ONE_CLICK)
            assert answer.status_code == 404, bad
            assert "Link inválido ou expirado" in answer.get_data(as_text=True)
    assert enrolled(session) == before and audits(session) == []


def test_tokens_of_another_kind_key_or_age_change_nothing(  # type: ignore[no-untyped-def]
    mail, session, auth, others, monkeypatch
) -> None:
    app, recorder = mail
    cancel_link(app, recorder, auth)
    secret = app.extensions["fatura"].config.secret_key
    row = session.scalar(select(Enrollment).where(Enrollment.destination == TO))
    mark = email_cancel.fingerprint(secret, row)
    foreign = [
        media_token(secret, row.id, DeliveryKind.FIRST_COPY),  # a document link's token
        URLSafeTimedSerializer("another-secret", salt=email_cancel.SALT).dumps([row.id, mark]),
        URLSafeTimedSerializer(secret, salt="another-salt").dumps([row.id, mark]),
        email_cancel._serializer(secret).dumps([row.id]),  # signed, but not a cancel payload
    ]
    sixty_one_days_ago = time.time() - 61 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: sixty_one_days_ago)
        foreign.append(email_cancel.make_token(secret, row))  # expired by now
    before, client = enrolled(session), app.test_client()
    for token in foreign:
        assert client.post(f"/cancelar/{token}", data=ONE_CLICK).status_code == 404
    assert enrolled(session) == before and audits(session) == []


def test_a_link_never_cancels_another_or_a_re_created_enrolment(  # type: ignore[no-untyped-def]
    mail, session, auth, others
) -> None:
    app, recorder = mail
    secret = app.extensions["fatura"].config.secret_key
    path = cancel_link(app, recorder, auth).removeprefix(PUBLIC)
    row = session.scalar(select(Enrollment).where(Enrollment.destination == TO))
    other = session.scalar(select(Enrollment).where(Enrollment.destination == "maria@example.com"))
    forged = email_cancel._serializer(secret).dumps(
        [other.id, email_cancel.fingerprint(secret, row)]
    )
    assert app.test_client().post(f"/cancelar/{forged}", data=ONE_CLICK).status_code == 200
    assert ("131030", "email", "maria@example.com") in enrolled(session)  # names row, not other
    old_id, unit_id, created_at = row.id, row.unit_id, row.created_at
    enrollments.unenroll(session, row, actor="test")
    session.commit()
    again = Enrollment(  # the same id (SQLite may reuse one) and address, made again later
        id=old_id,
        unit_id=unit_id,
        medium=EnrollmentMedium.EMAIL,
        destination=TO,
        created_by="test",
        created_at=created_at + timedelta(minutes=5),
    )
    session.add(again)
    session.commit()
    answer = app.test_client().post(path, data=ONE_CLICK)
    assert answer.status_code == 200 and "Nada a cancelar" in answer.get_data(as_text=True)
    assert ("131030", "email", TO) in enrolled(session)
    count = select(func.count()).select_from(AuditLog).where(AuditLog.actor == email_cancel.ACTOR)
    assert session.scalar(count) == 0


def test_the_page_never_shows_the_address_in_full(mail, session, auth) -> None:  # type: ignore[no-untyped-def]
    app, recorder = mail
    path = cancel_link(app, recorder, auth).removeprefix(PUBLIC)
    client = app.test_client()
    pages = [client.get(path), client.post(path, data=ONE_CLICK), client.get(path)]
    for page in pages:
        text = page.get_data(as_text=True)
        assert TO not in text and not re.search(r"[\w.]+@teste\.com", text.replace("t***@", ""))
    assert client.get("/cancelar.css").status_code == 200
