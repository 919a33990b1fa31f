"""Free text through the real Twilio webhooks (signed posts, the database, the queue and the
outbox channel), on WhatsApp and SMS: the request is carried out end to end after any
question, and no sentence but a bare stop word leaves a number opted out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import (
    Conversation,
    Delivery,
    Invoice,
    OutageReport,
    OutboxMessage,
    UnrecognizedMessage,
)
from services.core.clock import local_today
from services.erp.demo import DEMO_DOCUMENT, DEMO_UC
from tests.support.chat import DEMO_PHONE, post, replies

STRANGER = "+5521988776655"


@pytest.fixture
def chat(chat_app):  # type: ignore[no-untyped-def]
    """The app with Twilio signatures on, outbox channels and the demo distributor."""
    return chat_app


def _say(chat, text: str, channel: str, phone: str = DEMO_PHONE) -> str:  # type: ignore[no-untyped-def]
    """Send one signed message; the replies joined."""
    response = post(chat.test_client(), text, channel=channel, phone=phone)
    assert response.status_code == 200
    return "\n".join(replies(response))


def _sent(chat, session) -> list[Delivery]:  # type: ignore[no-untyped-def]
    """The deliveries, once the queue has carried them out."""
    chat.extensions["fatura"].queue.join()
    session.expire_all()
    return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def _last_month() -> str:
    """The competência before today's, as stored."""
    first = local_today().replace(day=1) - timedelta(days=1)
    return f"{first:%Y-%m}"


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_a_stranger_gets_last_months_copy_after_uc_and_cpf(chat, session, channel) -> None:
    """ "boa tarde quero a 2 via da fatura do mes passado": UC, CPF, then that invoice's copy
    arrives (a PDF on WhatsApp, a short link on SMS)."""
    assert "UC" in _say(chat, "boa tarde quero a 2 via da fatura do mes passado", channel,
                        STRANGER)  # fmt: skip
    assert "CPF" in _say(chat, f"a uc é {DEMO_UC}", channel, STRANGER)
    _say(chat, f"meu cpf {DEMO_DOCUMENT}", channel, STRANGER)
    [delivery] = _sent(chat, session)
    invoice = session.get(Invoice, delivery.invoice_id)
    assert delivery.status.value == "sent" and invoice.reference == _last_month()
    message = session.scalar(select(OutboxMessage))
    if channel == "whatsapp":
        assert message.document.startswith(b"%PDF-")
    else:
        assert "/m/" in message.text


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_the_code_in_free_text_comes_as_digits_alone(chat, session, channel) -> None:
    """ "me passa o código de barras da conta vencida": the 48-digit line in a message of its
    own."""
    response = post(chat.test_client(), "me passa o codigo de barras da conta vencida",
                    channel=channel)  # fmt: skip
    lines = replies(response)
    assert any(line.isdigit() and len(line) == 48 for line in lines), lines


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
@pytest.mark.parametrize(
    "text",
    ["parar de receber conta pelo zap", "nao quero mais receber mensagens", "pare com isso",
     "quero parar de receber a fatura por email", "STOP agora nao"],
)  # fmt: skip
def test_no_sentence_leaves_the_number_opted_out(chat, session, channel, text) -> None:
    """Sentences that mention stopping ask first: the number is still in afterwards."""
    assert _say(chat, text, channel)
    session.expire_all()
    conversation = session.scalar(select(Conversation))
    assert conversation.opted_out_at is None


def test_a_bare_parar_still_opts_out_at_once(chat, session) -> None:
    """PARAR alone acts at once (carrier rules)."""
    _say(chat, "PARAR", "sms")
    session.expire_all()
    assert session.scalar(select(Conversation)).opted_out_at is not None


def test_an_outage_report_is_answered_recorded_and_counted_for_staff(chat, session, staff) -> None:
    """ "estou sem luz desde ontem": the demo distributor's outage channels, and the report
    with the number's UC on the admin home's count of today."""
    text = _say(chat, "estou sem luz desde ontem", "whatsapp")
    assert "0800 000 0000" in text and "ATENDENTE" in text
    session.expire_all()
    [report] = session.scalars(select(OutageReport))
    assert (report.uc, report.text, report.channel) == (DEMO_UC, "estou sem luz desde ontem",
                                                        "whatsapp")  # fmt: skip
    home = staff.get("/admin/").get_data(as_text=True)
    assert "Faltas de energia hoje: <strong>1</strong>" in home


def test_a_miss_reaches_mensagens_nao_entendidas_redacted(chat, session, staff) -> None:
    """A message the bot could not place, with a CPF in it, is listed for staff with its guess,
    the CPF masked; sent twice, it counts 2."""
    for _ in range(2):
        _say(chat, "blorf zumba 123.456.789-09 xyzzy", "sms", STRANGER)
    session.expire_all()
    [row] = session.scalars(select(UnrecognizedMessage))
    assert row.count == 2 and "123.456.789-09" not in row.text and "blorf" in row.text
    page = staff.get("/admin/nao-entendidas").get_data(as_text=True)
    assert "blorf" in page and "123.456.789-09" not in page
