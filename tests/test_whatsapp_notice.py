"""Transcripts of the WhatsApp invoice notice as Twilio receives it (a local fake of its REST
API): free-form inside the 24-hour window, the template first outside it and the rest once
the consumer answers; codes only for a payable invoice, the line as digits a bank decodes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app import create_app
from billing import arrecadacao
from billing.pix import parse_pix
from models import (
    Conversation,
    Delivery,
    DeliveryKind,
    DeliveryMedium,
    DeliveryStatus,
    EnrollmentMedium,
    unit_by_uc,
    utcnow,
)
from services import settings
from services.core.clock import local_today
from services.delivery import issuance, whatsapp_notice
from services.erp.demo import load_demo
from services.people import enrollments
from tests.conftest import make_config
from tests.support.chat import AUTH_TOKEN, BASE_URL, DEMO_PHONE, post, replies
from tests.support.fake_twilio import FakeTwilio
from tests.support.notices import api_invoice, issue

TEMPLATE_SID = "HX" + "1" * 32
DIGITS = re.compile(r"\d{44,48}")


@pytest.fixture
def notice(db, session, tmp_path) -> Iterator[tuple[Any, FakeTwilio]]:  # type: ignore[no-untyped-def]
    """The demo distributor sending WhatsApp through a fake Twilio, the demo titular's number
    enrolled for UC 131030, webhooks signed as Twilio signs them."""
    load_demo(session, local_today())
    enrollments.enroll(
        session,
        unit_by_uc(session, "131030"),
        EnrollmentMedium.WHATSAPP,
        DEMO_PHONE,
        keep_printed=False,
        actor="test",
    )
    session.commit()
    fake = FakeTwilio().start()
    config = make_config(
        db.url,
        twilio_account_sid="AC" + "0" * 32,
        twilio_auth_token=AUTH_TOKEN,
        twilio_api_base_url=fake.url,
        twilio_whatsapp_from="whatsapp:+553130000000",
        twilio_whatsapp_template_sid=TEMPLATE_SID,
        public_base_url=BASE_URL,
        media_dir=str(tmp_path / "m"),
    )
    app = create_app(config, db=db)
    with app.app_context():
        yield app, fake
    app.extensions["fatura"].queue.join(5.0)
    fake.stop()


def last_wrote(session: Any, ago: timedelta | None) -> None:
    """The number last wrote `ago` (None: never): inside or outside the 24-hour window."""
    if ago is not None:
        at = utcnow() - ago
        session.add(Conversation(channel="whatsapp", phone=DEMO_PHONE, data={}, last_inbound_at=at))
        session.commit()


def transcript(fake: FakeTwilio) -> list[dict[str, Any]]:
    """What reached the consumer's WhatsApp, in the order Twilio was asked to send it."""
    sent = []
    for request in fake.requests:
        assert request["To"] == f"whatsapp:{DEMO_PHONE}"
        form = {name: values[0] for name, values in request.form.items()}
        variables = json.loads(form.get("ContentVariables", "{}"))
        sent.append(
            {
                "body": form.get("Body"),
                "media": form.get("MediaUrl"),
                "template": form.get("ContentSid"),
                "variables": variables,
            }
        )
    return sent


def held(session: Any) -> list[Delivery]:
    """Notices waiting for the consumer to write."""
    session.expire_all()
    return list(session.scalars(select(Delivery).where(Delivery.status == DeliveryStatus.HELD)))


def answer(app: Any, text: str) -> list[str]:
    """The consumer writes `text` on WhatsApp; the replies, once what it released has gone."""
    response = post(app.test_client(), text)
    assert response.status_code == 200
    app.extensions["fatura"].queue.join(20.0)
    return replies(response)


def assert_codes(messages: list[dict[str, Any]], body: dict[str, Any], invoice_id: int) -> None:
    """The digits alone, decoding to this invoice, then the PIX alone, for the same amount."""
    line, pix = messages
    assert line["media"] is None and pix["media"] is None and not line["template"]
    assert re.fullmatch(r"\d{48}", line["body"])
    decoded = arrecadacao.parse(line["body"])  # the project's own parser, as a bank app reads
    assert decoded.amount_cents == 24550 and decoded.due_date.isoformat() == body["due_date"]
    assert decoded.document_number == invoice_id
    assert parse_pix(pix["body"]).amount_cents == 24550


def notice_id(session: Any) -> int:
    """The id (the barcode's document number) of the invoice the test issued."""
    session.expire_all()
    first = select(Delivery.invoice_id).where(Delivery.kind == DeliveryKind.FIRST_COPY)
    return session.scalars(first.order_by(Delivery.id.desc())).first()


def test_inside_the_window_summary_and_pdf_then_line_then_pix(notice, session, auth) -> None:  # type: ignore[no-untyped-def]
    app, fake = notice
    last_wrote(session, timedelta(hours=2))
    body = api_invoice("F-WA-1", kwh=215)
    issue(app, app.test_client(), auth, body)
    summary, *codes = transcript(fake)
    assert summary["template"] is None and summary["media"].startswith(f"{BASE_URL}/media/")
    assert summary["body"].startswith("Olá! Sua fatura de ") and "UC 131030" in summary["body"]
    assert "R$ 245,50" in summary["body"] and "215 kWh" in summary["body"]
    assert "código de barras e o PIX" in summary["body"] and not DIGITS.search(summary["body"])
    assert_codes(codes, body, notice_id(session))
    pdf = app.test_client().get(summary["media"].removeprefix(BASE_URL))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    session.expire_all()
    whatsapp = select(Delivery.status).where(Delivery.medium == DeliveryMedium.WHATSAPP)
    statuses = session.scalars(whatsapp.order_by(Delivery.id)).all()
    assert statuses == [DeliveryStatus.SENT] * 3  # the notice and its two code messages
    assert held(session) == []


@pytest.mark.parametrize("ago", [timedelta(days=3), None], ids=["a day ago", "never wrote"])
def test_outside_the_window_the_template_then_the_rest_once_answered(  # type: ignore[no-untyped-def]
    notice, session, auth, ago
) -> None:
    app, fake = notice
    last_wrote(session, ago)
    body = api_invoice("F-WA-2")
    issue(app, app.test_client(), auth, body)
    (template,) = transcript(fake)
    assert template["template"] == TEMPLATE_SID and template["body"] is None
    opening = template["variables"]["1"]
    assert "UC 131030" in opening and "R$ 245,50" in opening and "\n" not in opening
    assert opening.endswith(
        "Responda esta mensagem para receber aqui o PDF, o código de barras e o PIX."
    )
    assert template["variables"]["2"].startswith(f"{BASE_URL}/media/")
    (waiting,) = held(session)
    assert waiting.reason == whatsapp_notice.AWAITING
    month = f"{body['reference'][5:]}/{body['reference'][:4]}"
    assert answer(app, "ok") == [
        f"Obrigado! Segue a fatura de {month} da UC 131030, como avisamos. "
        "Para outros assuntos, envie MENU."
    ]
    _, summary, *codes = transcript(fake)
    assert summary["template"] is None and summary["media"] and "R$ 245,50" in summary["body"]
    assert_codes(codes, body, notice_id(session))
    assert held(session) == []
    # afterwards the bot answers as always: the menu, a list picker through REST (issue 18)
    assert answer(app, "oi") == []
    assert fake.contents and "2ª via" in fake.requests[-1]["ContentVariables"]
    assert len(transcript(fake)) == 5


@pytest.mark.parametrize("ago", [timedelta(hours=1), timedelta(days=2)], ids=["inside", "outside"])
def test_no_code_for_a_paid_invoice(notice, session, auth, ago) -> None:  # type: ignore[no-untyped-def]
    app, fake = notice
    last_wrote(session, ago)
    issue(app, app.test_client(), auth, api_invoice("F-WA-3", status="paid"))
    if ago > timedelta(days=1):
        (template,) = transcript(fake)
        assert template["variables"]["1"].endswith(
            "Responda esta mensagem para receber aqui o PDF."
        )
        answer(app, "ok")
    *_, summary = transcript(fake)
    assert summary["media"] and "já está paga" in summary["body"]
    assert not any(DIGITS.search(m["body"] or json.dumps(m["variables"])) for m in transcript(fake))
    session.expire_all()
    assert session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.TEXT)).all() == []


@pytest.mark.parametrize(
    ("why", "fields", "words"),
    [
        ("below the minimum", {"amount": "4.90"}, "valor mínimo"),
        ("past its payable period", {"due_date": "2026-01-05"}, "prazo para pagar"),
    ],
)
def test_no_code_below_the_minimum_or_past_the_payable_period(  # type: ignore[no-untyped-def]
    notice, session, auth, why, fields, words
) -> None:
    app, fake = notice
    settings.update(session, {"min_settlement_amount": "5.00"}, "test")
    last_wrote(session, timedelta(hours=1))
    issue(app, app.test_client(), auth, api_invoice("F-WA-4", **fields))
    (summary,) = transcript(fake)
    assert summary["media"] and words in summary["body"] and not DIGITS.search(summary["body"])


def test_the_waiting_rest_is_not_released_by_the_authorisation_routine(
    notice, session, auth
) -> None:  # type: ignore[no-untyped-def]
    app, fake = notice
    last_wrote(session, timedelta(days=2))
    issue(app, app.test_client(), auth, api_invoice("F-WA-9"))
    assert issuance.release_held(session) == []  # `fatura dispatch-pending` leaves it alone
    session.commit()
    assert len(held(session)) == 1 and len(transcript(fake)) == 1


def test_a_keyword_answer_is_the_bots_and_still_releases_the_rest(notice, session, auth) -> None:  # type: ignore[no-untyped-def]
    app, fake = notice
    last_wrote(session, timedelta(days=2))
    issue(app, app.test_client(), auth, api_invoice("F-WA-5"))
    said = answer(app, "debitos")
    assert said and "Obrigado! Segue" not in said[0] and "Débitos em aberto" in "\n".join(said)
    assert [m["template"] is not None for m in transcript(fake)] == [True, False, False, False]


def test_a_free_text_request_answering_the_template_is_the_bots_too(notice, session, auth) -> None:  # type: ignore[no-untyped-def]
    """ "quanto eu devo?" in answer to the template is a request: the bot answers it, and the
    rest of the notice still follows."""
    app, fake = notice
    last_wrote(session, timedelta(days=2))
    issue(app, app.test_client(), auth, api_invoice("F-WA-9"))
    said = answer(app, "quanto eu devo?")
    assert said and "Obrigado! Segue" not in said[0] and "Débitos em aberto" in "\n".join(said)
    assert [m["template"] is not None for m in transcript(fake)] == [True, False, False, False]


def test_an_opt_out_answer_stops_the_rest(notice, session, auth) -> None:  # type: ignore[no-untyped-def]
    app, fake = notice
    last_wrote(session, timedelta(days=2))
    issue(app, app.test_client(), auth, api_invoice("F-WA-6"))
    answer(app, "SAIR")
    assert len(transcript(fake)) == 1  # the template only
    session.expire_all()
    rest = session.scalar(select(Delivery).where(Delivery.dedupe_key.startswith("rest:")))
    assert rest.status is DeliveryStatus.SKIPPED and "SAIR" in rest.reason


def test_a_newer_invoice_replaces_the_notice_still_waiting(notice, session, auth) -> None:  # type: ignore[no-untyped-def]
    app, fake = notice
    last_wrote(session, timedelta(days=2))
    issue(app, app.test_client(), auth, api_invoice("F-WA-7", amount="100.00"))
    issue(app, app.test_client(), auth, api_invoice("F-WA-8"))
    assert [m["template"] for m in transcript(fake)] == [TEMPLATE_SID, TEMPLATE_SID]
    assert len(held(session)) == 1
    older = session.scalar(select(Delivery).where(Delivery.reason == whatsapp_notice.REPLACED))
    assert older is not None and older.status is DeliveryStatus.SKIPPED
    answer(app, "obrigado")
    summaries = [m for m in transcript(fake)[2:] if m["media"]]
    assert len(summaries) == 1 and "R$ 245,50" in summaries[0]["body"]
