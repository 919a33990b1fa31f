"""The SMS carrying an invoice stays within one segment: the summary, then the short link."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from models import DeliveryKind, OutboxMessage
from services.delivery.compose import SMS_SEGMENT, sms_text
from tests.support.chat import BASE_URL, post

# GSM 03.38's basic set: what one 160-character segment may hold without escapes.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def test_a_second_copy_by_sms_is_the_summary_then_the_link(chat_app, session) -> None:  # type: ignore[no-untyped-def]
    post(chat_app.test_client(), "2via", channel="sms")
    chat_app.extensions["fatura"].queue.join()
    session.expire_all()
    text = session.scalar(select(OutboxMessage)).text
    assert len(text) <= SMS_SEGMENT and set(text) <= GSM_BASIC
    summary, link = text.split(" PDF: ")
    assert summary.startswith("2a via da fatura ") and "UC 131030" in summary and "R$ " in summary
    assert link.startswith(f"{BASE_URL}/m/")
    assert not any(word.isdigit() and len(word) > 40 for word in text.split())  # no code


LONG = "https://fatura-digital.distribuidora-de-energia-eletrica.example.com.br"  # 72


@pytest.mark.parametrize("base", [BASE_URL, LONG, LONG + "/" + "x" * 25])
@pytest.mark.parametrize("uc", ["131030", "1" * 20])
def test_a_long_link_or_uc_still_fits_one_segment(base: str, uc: str) -> None:
    invoice = SimpleNamespace(
        reference="2026-10",
        unit=SimpleNamespace(uc=uc),
        due_date=date(2026, 10, 20),
        amount=Decimal("12345.67"),
    )
    link = f"{base}/m/abcdefghij"
    for kind in (DeliveryKind.SECOND_COPY, DeliveryKind.PAYMENT_SLIP):
        text = sms_text(kind, invoice, link, 24)  # type: ignore[arg-type]
        assert len(text) <= SMS_SEGMENT and set(text) <= GSM_BASIC, text
        assert text.endswith(link) or text.endswith("(valido por 24h)")
        assert "10/2026" in text and "12.345,67" in text
        assert uc in text or len(base) > len(LONG)  # the UC goes last, when the link is huge
