"""The staff side of a hand-off through the admin's real forms (outbox channels): take it,
answer through the consumer's channel, attach an invoice, close it with the survey; only
the staff member who has it may answer, a takeover is audited, MENU hands the consumer
back, and a hand-off opened outside business hours waits while the bot keeps serving."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import (
    AuditLog,
    Conversation,
    Delivery,
    HandoffMessage,
    InboundMessage,
    Invoice,
    OutboxMessage,
    unit_by_uc,
)
from services.core.clock import local_now
from tests.support.admin_client import STAFF_LOGIN, log_in
from tests.support.chat import DEMO_PHONE, post, replies
from tests.support.handoffs import (
    act,
    ask_for_person,
    business_hours,
    forget_settings,
    handoff_of,
    lines,
    page,
    staff_lines,
)

OTHER = "bruno.atendimento"
DAYS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")


@pytest.fixture(autouse=True)
def always_open(session):  # type: ignore[no-untyped-def]
    """People answer at every hour, unless a test says otherwise."""
    business_hours(session)
    yield
    forget_settings()


def _jobs(app) -> None:  # type: ignore[no-untyped-def]
    """Wait until the in-process queue has sent what was queued."""
    app.extensions["fatura"].queue.join(20.0)


def _outbox(session, phone: str = DEMO_PHONE) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts the outbox channel recorded for `phone`, oldest first."""
    session.expire_all()
    query = select(OutboxMessage.text).where(OutboxMessage.destination == phone)
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def test_take_answer_close_and_the_rating(chat_app, staff, session) -> None:
    protocol, answer = ask_for_person(staff)
    assert any("uma pessoa da nossa equipe" in text for text in answer)
    handoff = handoff_of(session, protocol)
    assert act(staff, handoff.id, "assumir").status_code == 302
    sent = act(staff, handoff.id, "responder", texto="Olá! Seu CPF 123.456.789-09 confere.")
    assert sent.status_code == 302
    _jobs(chat_app)
    assert _outbox(session)[-1] == "Olá! Seu CPF 123.456.789-09 confere."  # in full, to the chat
    message = session.scalars(select(HandoffMessage)).one()
    assert (message.status, message.author, message.pending_body) == ("sent", STAFF_LOGIN, None)
    assert "<cpf>" in message.body and "123.456" not in message.body  # the transcript's copy
    assert message.provider_sid.startswith("outbox-")
    handoff = handoff_of(session, protocol)
    assert handoff.first_answer_at is not None and handoff.assigned_to == STAFF_LOGIN
    state = session.scalars(select(Conversation.data)).one()
    assert state["handoff"]["quiet"] is True  # the bot stepped aside
    (ack,) = replies(post(staff, "obrigado, vou conferir"))  # one acknowledgement, then quiet
    assert "já está com a nossa equipe" in ack
    assert replies(post(staff, "vou pegar a conta aqui")) == []
    texts = [line["text"] for line in lines(staff, handoff.id)]
    assert "obrigado, vou conferir" in texts and "123.456" not in str(texts)
    assert staff_lines(staff, handoff.id)[0]["status_label"] == "enviada"
    closed = act(staff, handoff.id, "encerrar", motivo="dúvida respondida")
    assert closed.status_code == 302
    _jobs(chat_app)
    assert _outbox(session)[-1].startswith("De 1 a 5, como foi o atendimento?")
    assert "Obrigado pela avaliação" in replies(post(staff, "5"))[0]
    handoff = handoff_of(session, protocol)
    assert (handoff.rating, handoff.handled_by, handoff.close_reason) == (
        5,
        STAFF_LOGIN,
        "dúvida respondida",
    )
    actions = session.scalars(select(AuditLog.action).where(AuditLog.actor == STAFF_LOGIN))
    assert {"handoff.assign", "handoff.reply", "handoff.close"} <= set(actions)
    home = staff.get("/admin/").get_data(as_text=True)
    assert 'id="satisfaction">5,0<' in home and 'id="rated">1<' in home


def test_only_who_has_it_answers_and_a_takeover_is_audited(chat_app, staff, session) -> None:
    protocol, _ = ask_for_person(staff)
    handoff = handoff_of(session, protocol)
    other = log_in(chat_app.test_client(), session, OTHER)
    refused = act(other, handoff.id, "responder", texto="posso ajudar?")  # nobody has it yet
    assert refused.status_code == 302
    act(staff, handoff.id, "assumir")
    act(other, handoff.id, "assumir")  # too late: Ana has it
    view = other.get(page(handoff.id)).get_data(as_text=True)
    assert f"Com {STAFF_LOGIN} desde" in view and f"Assumir no lugar de {STAFF_LOGIN}" in view
    assert 'id="reply"' not in view
    act(other, handoff.id, "responder", texto="posso ajudar?")
    assert session.scalars(select(HandoffMessage)).all() == []
    act(other, handoff.id, "assumir-no-lugar", de=STAFF_LOGIN)
    assert handoff_of(session, protocol).assigned_to == OTHER
    audit = session.scalars(select(AuditLog).where(AuditLog.action == "handoff.takeover")).one()
    assert (audit.actor, audit.detail["previous"]) == (OTHER, STAFF_LOGIN)
    act(staff, handoff.id, "responder", texto="ainda estou aqui")  # Ana lost it
    act(other, handoff.id, "responder", texto="Bruno aqui, pode falar")
    _jobs(chat_app)
    texts = session.scalars(select(HandoffMessage.author)).all()
    assert texts == [OTHER]
    assert _outbox(session)[-1] == "Bruno aqui, pode falar"


def test_every_action_needs_a_login_and_its_csrf_token(chat_app, staff, session) -> None:
    protocol, _ = ask_for_person(staff)
    handoff = handoff_of(session, protocol)
    for action in ("assumir", "responder", "encerrar", "anexar"):
        answer = staff.post(f"{page(handoff.id)}/{action}", data={"texto": "x"})
        assert answer.status_code == 400, action  # no CSRF token
    anonymous = chat_app.test_client()
    for path in (page(handoff.id), f"{page(handoff.id)}/mensagens.json",
                 "/admin/atendimentos/aguardando.json", "/admin/protocolo?numero=1"):  # fmt: skip
        answer = anonymous.get(path)
        assert answer.status_code == 302 and "/admin/login" in answer.headers["Location"]
    assert handoff_of(session, protocol).assigned_to is None


def test_menu_gives_the_consumer_back_and_staff_see_it(chat_app, staff, session) -> None:
    protocol, _ = ask_for_person(staff)
    handoff = handoff_of(session, protocol)
    act(staff, handoff.id, "assumir")
    menu = replies(post(staff, "MENU"))
    assert "voltou ao atendimento automático" in menu[0]
    shown = staff.get(page(handoff.id)).get_data(as_text=True)
    assert "O consumidor voltou ao atendimento automático (MENU)" in shown
    assert 'id="reply"' not in shown
    texts = [line["text"] for line in lines(staff, handoff.id)]
    assert "O consumidor voltou ao atendimento automático (MENU)." in texts
    act(staff, handoff.id, "responder", texto="ainda precisa de algo?")
    assert session.scalars(select(HandoffMessage)).all() == []  # closed: nothing goes
    assert "voltou ao atendimento" in staff.get("/admin/atendimentos").get_data(as_text=True)


def test_outside_business_hours_it_waits_and_the_bot_keeps_serving(
    chat_app, staff, session
) -> None:
    tomorrow = DAYS[(local_now().weekday() + 1) % 7]
    business_hours(session, f"{tomorrow} 00:00-24:00")  # closed all of today
    protocol, answer = ask_for_person(staff)
    assert any("Nossa equipe atende" in text for text in answer)
    handoff = handoff_of(session, protocol)
    assert handoff.in_hours is False
    listing = staff.get("/admin/atendimentos/aguardando.json").get_json()
    assert listing["waiting"][0]["situation"] == "aguardando (pedido fora do horário)"
    assert replies(post(staff, "2via"))  # the bot still answers
    act(staff, handoff.id, "assumir")
    act(staff, handoff.id, "responder", texto="Bom dia! Vi seu pedido.")
    _jobs(chat_app)
    assert _outbox(session)[-1] == "Bom dia! Vi seu pedido."
    first = replies(post(staff, "2via"))  # now the conversation is the staff's
    assert len(first) == 1 and "já está com a nossa equipe" in first[0]
    assert replies(post(staff, "alguém aí?")) == []


def test_attaching_the_second_copy_and_the_payment_code(chat_app, staff, session) -> None:
    protocol, _ = ask_for_person(staff)
    handoff = handoff_of(session, protocol)
    act(staff, handoff.id, "assumir")
    shown = staff.get(page(handoff.id)).get_data(as_text=True)
    invoice_id, request_id = _offer(shown)
    form = {"fatura": invoice_id, "tipo": "segunda_via", "pedido": request_id}
    act(staff, handoff.id, "anexar", **form)
    act(staff, handoff.id, "anexar", **form)  # a double click sends once
    _jobs(chat_app)
    delivery = session.scalars(select(Delivery)).one()
    assert (delivery.destination, delivery.medium.value, delivery.kind.value) == (
        DEMO_PHONE,
        "whatsapp",
        "second_copy",
    )
    document = session.scalars(select(OutboxMessage).where(OutboxMessage.document.is_not(None)))
    assert document.one().document.startswith(b"%PDF")
    (line,) = staff_lines(staff, handoff.id)
    assert line["text"].startswith("2ª via ") and line["status_label"] == "enviada"
    act(staff, handoff.id, "anexar", fatura=invoice_id, tipo="barra", pedido=request_id)
    _jobs(chat_app)
    assert len(staff_lines(staff, handoff.id)) == 2


def test_another_consumers_invoice_is_refused(chat_app, staff, session) -> None:
    protocol, _ = ask_for_person(staff)
    handoff = handoff_of(session, protocol)
    act(staff, handoff.id, "assumir")
    other_unit = unit_by_uc(session, "220045")  # the demo's other titular
    invoice = session.scalars(select(Invoice).where(Invoice.unit_id == other_unit.id)).first()
    act(staff, handoff.id, "anexar", fatura=str(invoice.id), tipo="segunda_via", pedido="a" * 32)
    assert session.scalars(select(Delivery)).all() == []
    assert session.scalars(select(HandoffMessage)).all() == []


def _offer(html: str) -> tuple[str, str]:
    """The first invoice offered for attaching, and the page's request id."""
    invoice = re.search(r'name="fatura" value="(\d+)"', html)
    request = re.search(r'name="pedido" value="([0-9a-f]{32})"', html)
    assert invoice and request
    return invoice[1], request[1]


def test_the_consumers_messages_reach_the_transcript_in_order(chat_app, staff, session) -> None:
    protocol, _ = ask_for_person(staff)
    handoff = handoff_of(session, protocol)
    post(staff, "minha conta veio alta")
    post(staff, "é da UC 131030")
    texts = [line["text"] for line in lines(staff, handoff.id)]
    assert texts.index("minha conta veio alta") < texts.index("é da UC 131030")
    assert session.query(InboundMessage).count() == 3
