"""Automatic debit in the chat: DEBITO AUTOMATICO and free text, the code held back while a
debit is on its way, and a failed debit explained."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import DebitRequest
from services import settings
from services.collection.debit_remessa import generate
from services.collection.debit_returns import import_debit_return
from services.core.clock import local_today
from tests.support.chat import post, replies
from tests.support.debit_files import Option, Result, build

LINE = re.compile(r"^\d{48}$")


@pytest.fixture
def chat(chat_app, session):  # type: ignore[no-untyped-def]
    """The demo distributor with agreements with Itaú and Banco do Brasil."""
    settings.update(session, {"direct_debit_banks": "341,001"}, "test")
    return chat_app.test_client()


def said(chat, text: str, channel: str = "whatsapp") -> str:  # type: ignore[no-untyped-def]
    """The bot's replies to `text`, as one string."""
    return "\n".join(replies(post(chat, text, channel=channel)))


def enrol_and_request(session) -> str:  # type: ignore[no-untyped-def]
    """UC 131030 opts in at Itaú and the demo's recent invoice is sent for debit; its month."""
    import_debit_return(session, build([Option("131030")], day=local_today()), "OPT.txt")
    made = generate(session, "341", local_today() + timedelta(days=8), "test")
    assert made.requests == 1  # the demo's recent invoice, due in 12 days
    reference = session.scalar(select(DebitRequest)).invoice.reference
    return f"{reference[5:]}/{reference[:4]}"


def test_not_enrolled_the_bot_says_how_and_which_banks(chat) -> None:
    answer = said(chat, "DEBITO AUTOMATICO")
    assert "ainda não está em débito automático" in answer
    assert "identificação 131030" in answer and "Itaú (341), Banco do Brasil (001)" in answer


def test_debitos_is_still_the_open_invoices(chat) -> None:
    assert "Débitos em aberto da UC 131030" in said(chat, "DEBITOS")
    assert "Débitos em aberto" in said(chat, "debito")


def test_enrolled_the_bot_names_the_bank_and_says_cancelling_is_at_the_bank(chat, session) -> None:
    import_debit_return(session, build([Option("131030")], day=local_today()), "OPT.txt")
    answer = said(chat, "débito automático 131030")
    assert "está em débito automático no Itaú (341)" in answer
    assert "cancelamento é feito lá" in answer


def test_free_text_asks_the_same(chat) -> None:
    answer = said(chat, "quero colocar a conta em débito automático")
    assert "Para aderir, procure o seu banco" in answer


def test_on_sms_the_reply_is_plain(chat) -> None:
    answer = said(chat, "DEBITO AUTOMATICO", channel="sms")
    assert answer.isascii() and "131030" in answer


def test_the_code_is_held_back_while_the_debit_is_on_its_way_unless_they_insist(
    chat, session
) -> None:
    month = enrol_and_request(session)
    first = replies(post(chat, f"BARRA {month}"))
    assert not any(LINE.match(t) for t in first)
    assert "não precisa pagar" in "\n".join(first)
    second = replies(post(chat, f"BARRA {month}"))
    assert any(LINE.match(t) for t in second)
    assert "pagar duas vezes" in "\n".join(second)


def test_a_failed_debit_is_explained_and_its_code_given_at_once(chat, session) -> None:
    month = enrol_and_request(session)
    key = session.scalar(select(DebitRequest)).invoice.key
    failed = build(results=[Result("131030", key, 0, code="01")], sequence=2)
    assert import_debit_return(session, failed, "RET.txt").results.failed == 1
    answer = said(chat, "DEBITO AUTOMATICO")
    assert f"A fatura {month} não foi debitada: não havia saldo suficiente" in answer
    assert any(LINE.match(t) for t in replies(post(chat, f"BARRA {month}")))
