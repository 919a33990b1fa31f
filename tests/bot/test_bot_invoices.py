"""2ª via, BARRA/PDF, débitos and débito atualizado, on WhatsApp and SMS."""

from __future__ import annotations

from datetime import date

import pytest

from billing.payment import PaymentCodes
from bot.types import SendDocument, UpdatedDebt
from tests.bot.fakes import Chat, FakeView, invoice, world

CHANNELS = ["whatsapp", "sms"]


def codes_of(view: FakeView, uc: str, number: int) -> PaymentCodes:
    """The payment codes of one invoice of the fake view."""
    found = next(i for i in view.invoice_rows[uc] if i.id == number)
    assert isinstance(found.payment, PaymentCodes)
    return found.payment


# 2ª via


@pytest.mark.parametrize("channel", CHANNELS)
def test_2via_defaults_to_most_recent_open(channel: str) -> None:
    """2VIA picks the most recent open invoice and confirms (SMS: a link is coming)."""
    view = world()
    view.invoice_rows["131030"].append(
        invoice(4, "2026-11", 30000, date(2026, 11, 25), status="paid")
    )
    chat = Chat(view, channel=channel)
    chat.send("2via")
    assert chat.effects == [SendDocument(3, "second_copy")]
    assert "10/2026" in chat.last and "R$ 245,50" in chat.last
    assert ("link" in chat.last) == (channel == "sms")


def test_2via_without_open_takes_most_recent() -> None:
    """Nothing open: the most recent invoice."""
    view = world()
    view.invoice_rows["131030"] = [i for i in view.invoice_rows["131030"] if i.status != "open"]
    chat = Chat(view)
    chat.send("2VIA")
    assert chat.effects == [SendDocument(2, "second_copy")]


@pytest.mark.parametrize("channel", CHANNELS)
def test_2via_with_month(channel: str) -> None:
    """2VIA MM/AAAA (and M/AAAA) picks that competência; unknown months are explained."""
    chat = Chat(world(), channel=channel)
    chat.send("2via 131030 9/2026")
    assert chat.effects == [SendDocument(2, "second_copy")]
    chat.send("2via 01/2020")
    assert "01/2020" in chat.last and chat.effects == []
    chat.send("2via 13/2026")
    assert "MM/AAAA" in chat.last and chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("keyword", ["2via", "barra"])
def test_two_invoices_in_one_month_are_listed(channel: str, keyword: str) -> None:
    """Energy + other in the same competência: numbered list, then the pick."""
    view = world()
    view.invoice_rows["131030"].append(
        invoice(5, "2026-10", 5000, date(2026, 10, 20), kind="other")
    )
    chat = Chat(view, channel=channel)
    chat.send(f"{keyword} 10/2026")
    assert "1)" in chat.text and "2)" in chat.text and "R$ 50,00" in chat.text
    assert chat.effects == []
    chat.send("3")
    assert "1 a 2" in chat.last
    chat.send("2")
    if keyword == "2via":
        assert chat.effects == [SendDocument(5, "second_copy")]
    else:
        assert codes_of(view, "131030", 5).digitable_line in chat.replies


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_1_lists_last_12_and_picks(channel: str) -> None:
    """Option 1: the last 12 invoices with competência, amount and status, then the pick."""
    view = world()
    view.invoice_rows["131030"] = [
        invoice(100 + m, f"2025-{m:02d}", 123456, date(2025, m, 20), status="paid")
        for m in range(1, 13)
    ] + [invoice(200, "2026-01", 9900, date(2026, 1, 20)), *view.invoice_rows["131030"]]
    chat = Chat(view, channel=channel)
    chat.send("1")
    assert "1) 10/2026" in chat.text and "12) " in chat.text and "13) " not in chat.text
    assert "R$ 1.234,56" in chat.text and "em aberto" in chat.text and "paga" in chat.text
    if channel == "sms":
        assert len(chat.replies) > 1
    chat.send("4")
    assert chat.effects == [SendDocument(200, "second_copy")]


# BARRA and PDF


def test_barra_on_whatsapp_order_and_pdf() -> None:
    """Explanation, digits only, PIX only, PDF offer; then PDF sends the slip."""
    view = world()
    codes = codes_of(view, "131030", 3)
    chat = Chat(view)
    chat.send("barra")
    intro, digits, pix, offer = chat.replies
    for part in ("10/2026", "R$ 245,50", "20/10/2026", "pagável até 19/11/2026"):
        assert part in intro
    assert digits == codes.digitable_line and len(digits) == 48 and digits.isdigit()
    assert pix == codes.pix
    assert "PDF" in offer and chat.effects == []
    chat.send("pdf")
    assert chat.effects == [SendDocument(3, "payment_slip")]


def test_barra_without_pix_skips_that_message() -> None:
    """No PIX key: explanation, digits and the PDF offer only."""
    view = world()
    view.invoice_rows["131030"][0] = invoice(3, "2026-10", 24550, date(2026, 10, 20), pix=False)
    chat = Chat(view)
    chat.send("BARRA 10/2026")
    assert len(chat.replies) == 3 and chat.replies[1].isdigit() and "PIX" not in chat.replies[0]


def test_barra_on_sms_digits_and_hint_only() -> None:
    """SMS: the digits message, then a one-line hint; no PIX, no PDF offer."""
    view = world()
    chat = Chat(view, channel="sms")
    chat.send("barra")
    assert chat.replies[0] == codes_of(view, "131030", 3).digitable_line
    assert len(chat.replies) == 2 and "PDF" not in chat.text and "PIX" not in chat.text
    chat.send("pdf")
    assert chat.effects == [] and "2VIA" in chat.last


def test_pdf_without_barra() -> None:
    """PDF before any BARRA: a hint."""
    chat = Chat(world())
    chat.send("PDF")
    assert "BARRA" in chat.last and chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("updated", "offer"), [(False, "ATENDENTE"), (True, "ATUALIZAR")])
def test_payable_period_over(channel: str, updated: bool, offer: str) -> None:
    """Past the payable period: until when, then ATUALIZAR or ATENDENTE; never a code."""
    view = world(updated_debt_enabled=updated)
    view.invoice_rows["131030"].append(invoice(7, "2026-07", 10000, date(2026, 7, 20)))
    chat = Chat(view, channel=channel)
    chat.send("barra 07/2026")
    assert len(chat.replies) == 1 and "19/08/2026" in chat.last and offer in chat.last
    assert not any(r.isdigit() for r in chat.replies) and chat.effects == []
    if not updated:
        assert "ATUALIZAR" not in chat.last


@pytest.mark.parametrize(
    ("status", "amount", "word"),
    [("paid", 19990, "paga"), ("cancelled", 5000, "cancelada"), ("open", 0, "não tem valor")],
)
def test_nothing_to_pay(status: str, amount: int, word: str) -> None:
    """Paid, cancelled, below minimum: says why, gives no code."""
    view = world()
    view.invoice_rows["131030"].append(
        invoice(8, "2026-06", amount, date(2026, 6, 20), status=status)
    )
    chat = Chat(view)
    chat.send("barra 06/2026")
    assert len(chat.replies) == 1 and word in chat.last and chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_2_one_several_or_none_open(channel: str) -> None:
    """Option 2: codes of the only open invoice; a list when several; a message when none."""
    view = world()
    chat = Chat(view, channel=channel)
    chat.send("2")
    assert codes_of(view, "131030", 3).digitable_line in chat.replies
    view.invoice_rows["131030"].append(invoice(9, "2026-11", 7000, date(2026, 11, 25)))
    chat.send("2")
    assert "vence 25/11/2026" in chat.text and chat.state["pending"]["step"] == "pick_invoice"
    chat.send("2")
    assert codes_of(view, "131030", 3).digitable_line in chat.replies
    view.invoice_rows["131030"] = [i for i in view.invoice_rows["131030"] if i.status != "open"]
    chat.send("2")
    assert "não tem faturas em aberto" in chat.last or "nao tem faturas" in chat.last


# Débitos


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("how", ["debitos", "4", "DÉBITOS 131030"])
def test_debts_lists_open_with_overdue_mark(channel: str, how: str) -> None:
    """Open invoices: competência, amount, due date, 'vencida' when overdue; total."""
    view = world()
    view.invoice_rows["131030"].append(invoice(9, "2026-11", 7000, date(2026, 11, 25)))
    chat = Chat(view, channel=channel)
    chat.send(how)
    text = chat.text
    assert "10/2026: R$ 245,50, vence 20/10/2026 (vencida)" in text
    assert "11/2026: R$ 70,00, vence 25/11/2026" in text
    assert "25/11/2026 (vencida)" not in text and "R$ 315,50" in text
    assert "09/2026" not in text


@pytest.mark.parametrize("channel", CHANNELS)
def test_nothing_open(channel: str) -> None:
    """No open invoice: a 'nothing open' message."""
    view = world()
    view.invoice_rows["131030"] = [i for i in view.invoice_rows["131030"] if i.status != "open"]
    chat = Chat(view, channel=channel)
    chat.send("debitos")
    assert "em aberto" in chat.last and "R$" not in chat.last


def test_no_invoices_at_all() -> None:
    """A UC without invoices: said so."""
    view = world()
    view.invoice_rows["131030"] = []
    chat = Chat(view)
    chat.send("2via")
    assert "Não encontrei faturas" in chat.last


# Débito atualizado


@pytest.mark.parametrize("how", ["atualizar", "5"])
def test_updated_debt_requested_then_pdf(how: str) -> None:
    """ATUALIZAR: UpdatedDebt effect; PDF waits for the new invoice, then sends its slip."""
    view = world(updated_debt_enabled=True)
    chat = Chat(view)
    chat.send(how)
    assert chat.effects == [UpdatedDebt("131030")] and "débito atualizado" in chat.last
    chat.send("pdf")
    assert chat.effects == [] and "preparado" in chat.last
    view.invoice_rows["131030"].append(
        invoice(50, "2026-11", 26000, date(2026, 11, 13), updated_debt=True)
    )
    chat.send("pdf")
    assert chat.effects == [SendDocument(50, "payment_slip")]


def test_updated_debt_on_sms_and_nothing_open() -> None:
    """SMS gets a short confirmation; with nothing open there is nothing to update."""
    view = world(updated_debt_enabled=True)
    chat = Chat(view, channel="sms")
    chat.send("ATUALIZAR 131030")
    assert chat.effects == [UpdatedDebt("131030")]
    view.invoice_rows["131030"] = [i for i in view.invoice_rows["131030"] if i.status != "open"]
    chat.send("atualizar")
    assert chat.effects == [] and "em aberto" in chat.last
