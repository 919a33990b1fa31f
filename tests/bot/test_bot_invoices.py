"""2ª via, BARRA/PDF, débitos and débito atualizado, on WhatsApp and SMS."""

from __future__ import annotations

from datetime import date

import pytest

from billing.payment import PaymentCodes, PaymentRefusal
from bot import texts
from bot.formatting import render_for_channel
from bot.types import SendDocument, UpdatedDebt
from tests.bot.fakes import Chat, FakeView, invoice, world

CHANNELS = ["whatsapp", "sms"]
OCTOBER = {"month": "10/2026", "amount": "R$ 245,50"}


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
    assert chat.replies == chat.says("copy_sent", **OCTOBER)
    assert ("link" in chat.last) == (channel == "sms")


def test_2via_without_open_takes_most_recent() -> None:
    """Nothing open: the most recent invoice."""
    view = world()
    view.invoice_rows["131030"] = [i for i in view.invoice_rows["131030"] if i.status != "open"]
    chat = Chat(view)
    chat.send("2VIA")
    assert chat.effects == [SendDocument(2, "second_copy")]
    assert chat.replies == chat.says("copy_sent", month="09/2026", amount="R$ 199,90")


@pytest.mark.parametrize("channel", CHANNELS)
def test_2via_with_month(channel: str) -> None:
    """2VIA MM/AAAA (and M/AAAA) picks that competência; unknown months are explained."""
    chat = Chat(world(), channel=channel)
    chat.send("2via 131030 9/2026")
    assert chat.effects == [SendDocument(2, "second_copy")]
    chat.send("2via 01/2020")
    assert chat.effects == []
    assert chat.replies == chat.says(
        "no_invoice_month", month="01/2020", uc="131030", keyword="2VIA"
    )
    chat.send("2via 13/2026")
    assert chat.replies == chat.says("bad_month") and chat.effects == []


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
    assert chat.replies == chat.says(
        "pick_same_month",
        uc="131030",
        n=2,
        month="10/2026",
        lines="1) energia: R$ 245,50\n2) outros serviços: R$ 50,00",
    )
    assert chat.effects == []
    chat.send("3")
    assert chat.replies == chat.says("pick_invalid", n=2)
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
    lines = [
        "1) 10/2026 - R$ 245,50 - em aberto",
        "2) 09/2026 - R$ 199,90 - paga",
        "3) 08/2026 - R$ 210,00 - paga",
        "4) 01/2026 - R$ 99,00 - em aberto",
        *(f"{n}) {17 - n:02d}/2025 - R$ 1.234,56 - paga" for n in range(5, 13)),
    ]
    assert chat.replies == chat.says("pick_invoice", uc="131030", lines="\n".join(lines))
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
    assert [intro] == chat.says(
        "codes_intro",
        **OCTOBER,
        kind="",
        uc="131030",
        due="20/10/2026",
        until="19/11/2026",
        what="o código de barras e o PIX copia e cola",
    )
    assert digits == codes.digitable_line and len(digits) == 48 and digits.isdigit()
    assert pix == codes.pix
    assert [offer] == chat.says("pdf_offer") and chat.effects == []
    chat.send("pdf")
    assert chat.effects == [SendDocument(3, "payment_slip")]
    assert chat.replies == chat.says("pdf_sent", month="10/2026")


def test_barra_without_pix_skips_that_message() -> None:
    """No PIX key: explanation, digits and the PDF offer only."""
    view = world()
    view.invoice_rows["131030"][0] = invoice(3, "2026-10", 24550, date(2026, 10, 20), pix=False)
    chat = Chat(view)
    chat.send("BARRA 10/2026")
    assert chat.replies == [
        *chat.says(
            "codes_intro",
            **OCTOBER,
            kind="",
            uc="131030",
            due="20/10/2026",
            until="19/11/2026",
            what="o código de barras",
        ),
        codes_of(view, "131030", 3).digitable_line,
        *chat.says("pdf_offer"),
    ]


def test_barra_on_sms_digits_and_hint_only() -> None:
    """SMS: the digits message, then a one-line hint; no PIX, no PDF offer."""
    view = world()
    chat = Chat(view, channel="sms")
    chat.send("barra")
    assert chat.replies == [
        codes_of(view, "131030", 3).digitable_line,
        *chat.says("codes_sms_hint", **OCTOBER, until="19/11/2026"),
    ]
    chat.send("pdf")
    assert chat.effects == [] and chat.replies == chat.says("pdf_sms")


def test_pdf_without_barra() -> None:
    """PDF before any BARRA: a hint."""
    chat = Chat(world())
    chat.send("PDF")
    assert chat.replies == chat.says("pdf_none") and chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("updated", "offer"), [(False, "ATENDENTE"), (True, "ATUALIZAR")])
def test_payable_period_over(channel: str, updated: bool, offer: str) -> None:
    """Past the payable period: until when, then ATUALIZAR or ATENDENTE; never a code."""
    view = world(updated_debt_enabled=updated)
    view.invoice_rows["131030"].append(invoice(7, "2026-07", 10000, date(2026, 7, 20)))
    chat = Chat(view, channel=channel)
    chat.send("barra 07/2026")
    why = "O prazo para pagar a fatura de 07/2026 com este código terminou em 19/08/2026."
    key = "refusal_update" if updated else "refusal_handoff"
    assert chat.replies == render_for_channel(f"{why} {texts.text(key)}", sms=chat.sms)
    assert offer in chat.last and chat.effects == []
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
    refusal = next(i for i in view.invoice_rows["131030"] if i.id == 8).payment
    assert isinstance(refusal, PaymentRefusal)
    assert chat.replies == [refusal.message] and word in chat.last and chat.effects == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_menu_2_one_several_or_none_open(channel: str) -> None:
    """Option 2: codes of the only open invoice; a list when several; a message when none."""
    view = world()
    chat = Chat(view, channel=channel)
    chat.send("2")
    assert codes_of(view, "131030", 3).digitable_line in chat.replies
    view.invoice_rows["131030"].append(invoice(9, "2026-11", 7000, date(2026, 11, 25)))
    chat.send("2")
    assert chat.replies == chat.says(
        "pick_open",
        uc="131030",
        lines="1) 11/2026 - R$ 70,00 - vence 25/11/2026\n2) 10/2026 - R$ 245,50 - vence 20/10/2026",
    )
    assert chat.step == "pick_invoice"
    chat.send("2")
    assert codes_of(view, "131030", 3).digitable_line in chat.replies
    view.invoice_rows["131030"] = [i for i in view.invoice_rows["131030"] if i.status != "open"]
    chat.send("2")
    assert chat.replies == chat.says("no_debts", uc="131030")


# Débitos


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("how", ["debitos", "4", "DÉBITOS 131030"])
def test_debts_lists_open_with_overdue_mark(channel: str, how: str) -> None:
    """Open invoices: competência, amount, due date, 'vencida' when overdue; total."""
    view = world()
    view.invoice_rows["131030"].append(invoice(9, "2026-11", 7000, date(2026, 11, 25)))
    chat = Chat(view, channel=channel)
    chat.send(how)
    lines = "\n".join(
        [
            "- 11/2026: R$ 70,00, vence 25/11/2026",
            "- 10/2026: R$ 245,50, vence 20/10/2026 (vencida)",
        ]
    )
    assert chat.replies == chat.says("debts", uc="131030", lines=lines, total="R$ 315,50")


@pytest.mark.parametrize("channel", CHANNELS)
def test_nothing_open(channel: str) -> None:
    """No open invoice: a 'nothing open' message."""
    view = world()
    view.invoice_rows["131030"] = [i for i in view.invoice_rows["131030"] if i.status != "open"]
    chat = Chat(view, channel=channel)
    chat.send("debitos")
    assert chat.replies == chat.says("no_debts", uc="131030")


def test_no_invoices_at_all() -> None:
    """A UC without invoices: said so."""
    view = world()
    view.invoice_rows["131030"] = []
    chat = Chat(view)
    chat.send("2via")
    assert chat.replies == chat.says("no_invoices", uc="131030")


# Débito atualizado


@pytest.mark.parametrize("how", ["atualizar", "5"])
def test_updated_debt_requested_then_pdf(how: str) -> None:
    """ATUALIZAR: UpdatedDebt effect; PDF waits for the new invoice, then sends its slip."""
    view = world(updated_debt_enabled=True)
    chat = Chat(view)
    chat.send(how)
    assert chat.effects == [UpdatedDebt("131030")]
    assert chat.replies == chat.says("updated_requested", uc="131030")
    chat.send("pdf")
    assert chat.effects == [] and chat.replies == chat.says("pdf_updated_wait")
    view.invoice_rows["131030"].append(
        invoice(50, "2026-11", 26000, date(2026, 11, 13), updated_debt=True)
    )
    chat.send("pdf")
    assert chat.effects == [SendDocument(50, "payment_slip")]
    assert chat.replies == chat.says("pdf_updated_sent")


def test_updated_debt_on_sms_and_nothing_open() -> None:
    """SMS gets a short confirmation; with nothing open there is nothing to update."""
    view = world(updated_debt_enabled=True)
    chat = Chat(view, channel="sms")
    chat.send("ATUALIZAR 131030")
    assert chat.effects == [UpdatedDebt("131030")]
    assert chat.replies == chat.says("updated_requested", uc="131030")
    view.invoice_rows["131030"] = [i for i in view.invoice_rows["131030"] if i.status != "open"]
    chat.send("atualizar")
    assert chat.effects == [] and chat.replies == chat.says("no_debts", uc="131030")
