"""Free text through the real Twilio webhooks (signed posts, the database, the queue and the
outbox channel), on WhatsApp and SMS: the request is carried out end to end after any
question, and no sentence but a bare stop word leaves a number opted out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Conversation, Delivery, Invoice, OutboxMessage
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
