"""Staff answers as Twilio receives them (a local fake of its REST API): free-form inside
WhatsApp's 24-hour window with the provider's statuses following; outside it the hand-off
template first and the held text after the consumer's answer; SMS directly; and no message
lost or sent twice when the consumer writes while a reply is on its way."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from models import Conversation
from services.core.clock import local_today
from services.erp.demo import load_demo
from tests.support.admin_client import log_in
from tests.support.chat import DEMO_PHONE, post, replies
from tests.support.handoffs import (
    HANDOFF_SID,
    TO,
    act,
    business_hours,
    forget_settings,
    handoff_of,
    jobs,
    last_wrote,
    messages,
    staff_lines,
    status_callback,
    taken,
    twilio_app,
)


def test_inside_the_window_free_form_and_the_statuses_follow(
    twilio_staff, fake_twilio, session
) -> None:
    app, staff = twilio_staff
    handoff = taken(staff, session)
    act(staff, handoff.id, "responder", texto="Olá, aqui é a Ana. Como posso ajudar?")
    jobs(app)
    (sent,) = fake_twilio.requests
    assert (sent["To"], sent["Body"]) == (TO, "Olá, aqui é a Ana. Como posso ajudar?")
    assert "ContentSid" not in sent.form
    (message,) = messages(session)
    assert message.status == "sent" and message.provider_sid.startswith("SM")
    labels = []
    for status in ("delivered", "read", "sent", "failed"):  # late ones never move it back
        status_callback(staff, message.provider_sid, status)
        labels.append(staff_lines(staff, handoff.id)[0]["status_label"])
    assert labels == ["entregue", "lida", "lida", "lida"]


def test_a_failure_callback_shows_why(twilio_staff, fake_twilio, session) -> None:
    app, staff = twilio_staff
    handoff = taken(staff, session)
    act(staff, handoff.id, "responder", texto="Oi!")
    jobs(app)
    (message,) = messages(session)
    status_callback(staff, message.provider_sid, "undelivered", ErrorCode="30003")
    (line,) = staff_lines(staff, handoff.id)
    assert line["status_label"] == "não enviada" and "celular inacessível" in line["error"]


def test_outside_the_window_the_template_then_the_text_after_the_answer(
    twilio_staff, fake_twilio, session
) -> None:
    app, staff = twilio_staff
    handoff = taken(staff, session)
    last_wrote(session, timedelta(hours=30))
    act(staff, handoff.id, "responder", texto="Sua religação foi feita hoje.")
    act(staff, handoff.id, "responder", texto="Qualquer dúvida, estamos aqui.")
    jobs(app)
    (template,) = fake_twilio.requests  # one template for both texts
    assert template["ContentSid"] == HANDOFF_SID and "Body" not in template.form
    assert json.loads(template["ContentVariables"]) == {"1": handoff.protocol}
    # sorted: the template's row may come before or after the second text's
    kinds = sorted((m.kind, m.status) for m in messages(session))
    assert kinds == [("template", "sent"), ("text", "held"), ("text", "held")]
    assert messages(session)[0].pending_body == "Sua religação foi feita hoje."
    shown = {line["text"]: line["status_label"] for line in staff_lines(staff, handoff.id)}
    assert shown["Sua religação foi feita hoje."] == "aguardando o consumidor responder ao modelo"
    assert replies(post(staff, "oi, pode mandar")) is not None
    jobs(app)
    bodies = fake_twilio.bodies(TO)
    assert bodies[1:] == ["Sua religação foi feita hoje.", "Qualquer dúvida, estamos aqui."]
    assert all("ContentSid" not in request.form for request in fake_twilio.requests[1:])
    texts = [m for m in messages(session) if m.kind == "text"]
    assert [(m.status, m.pending_body) for m in texts] == [("sent", None), ("sent", None)]
    post(staff, "obrigado")
    jobs(app)
    assert len(fake_twilio.requests) == 3  # nothing sent twice


def test_without_the_hand_off_template_the_text_still_waits(
    db, session, tmp_path, fake_twilio
) -> None:
    load_demo(session, local_today())
    business_hours(session)
    media = str(tmp_path / "m")
    app = twilio_app(db, media, fake_twilio, twilio_whatsapp_handoff_template_sid=None)
    with app.app_context():
        staff = log_in(app.test_client(), session)
        handoff = taken(staff, session)
        last_wrote(session, timedelta(days=3))
        act(staff, handoff.id, "responder", texto="Temos novidades.")
        jobs(app)
        assert fake_twilio.requests == []
        text, template = messages(session)
        assert (text.status, template.status) == ("held", "failed")
        assert "TWILIO_WHATSAPP_HANDOFF_TEMPLATE_SID" in template.error
        post(staff, "olá")
        jobs(app)
        assert fake_twilio.bodies(TO) == ["Temos novidades."]
    app.extensions["fatura"].queue.join(5.0)
    forget_settings()


def test_twilio_refusing_free_form_holds_the_text(twilio_staff, fake_twilio, session) -> None:
    app, staff = twilio_staff
    handoff = taken(staff, session)
    fake_twilio.fail_next(400, 63016, "Failed to send freeform message outside the window")
    act(staff, handoff.id, "responder", texto="Segue a resposta.")
    jobs(app)
    refused, template = fake_twilio.requests
    assert refused["Body"] == "Segue a resposta." and template["ContentSid"] == HANDOFF_SID
    assert [m.status for m in messages(session)] == ["held", "sent"]


def test_sms_goes_directly(twilio_staff, fake_twilio, session) -> None:
    app, staff = twilio_staff
    handoff = taken(staff, session, channel="sms")
    act(staff, handoff.id, "responder", texto="Oi, aqui é a Ana, da distribuidora.")
    jobs(app)
    (sent,) = fake_twilio.requests
    assert (sent["To"], sent["Body"]) == (DEMO_PHONE, "Oi, aqui é a Ana, da distribuidora.")


def test_the_survey_outside_the_window_is_recorded_as_not_sent(
    twilio_staff, fake_twilio, session
) -> None:
    app, staff = twilio_staff
    handoff = taken(staff, session)
    last_wrote(session, timedelta(hours=25))
    act(staff, handoff.id, "encerrar", motivo="consumidor não respondeu")
    jobs(app)
    assert fake_twilio.requests == []
    (survey,) = messages(session)
    assert (survey.kind, survey.status) == ("survey", "failed") and "janela" in survey.error
    session.expire_all()
    assert "survey" not in session.scalars(select(Conversation.data)).one()
    post(staff, "5")  # no survey waits: not taken as a rating
    assert handoff_of(session, handoff.protocol).rating is None
