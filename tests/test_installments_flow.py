"""Installment plans end to end: NEGOCIAR through the real webhook, the agreement PDF read
back, the plan's life driven by generated bank return files and the daily routine."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from billing.arrecadacao import line_to_barcode
from models import (
    Consent,
    Delivery,
    DeliveryKind,
    Installment,
    InstallmentPlan,
    InstallmentStatus,
    Invoice,
    InvoiceStatus,
    OutboxMessage,
    PlanStatus,
)
from services import settings
from services.collection.payment_view import cents
from services.core.clock import local_today
from services.core.runtime import db_session
from services.installments.routine import run_day
from tests.support.plans import AGENTS, Bank, negotiate, overdue_ids, the_plan
from tests.support.readback import needs_tools, pdf_text, scan_pdf

LINE = re.compile(r"^\d{48}$")


@pytest.fixture
def chat(chat_app, session):  # type: ignore[no-untyped-def]
    """The demo distributor with the plan agents set."""
    settings.update(session, AGENTS, "test")
    return chat_app.test_client()


@needs_tools
def test_negotiate_pay_all_and_the_plan_closes(chat, chat_app, session, tmp_path) -> None:
    originals = overdue_ids(session)
    assert originals
    accepted = negotiate(chat)
    digits = next(r for r in accepted if LINE.match(r))
    plan = the_plan(session)
    entrada = session.get(Invoice, plan.down_payment_invoice_id)
    assert cents(entrada.amount) == cents(plan.down_payment)
    assert any(r.startswith("00020126") for r in accepted)  # the PIX in its own message
    assert {session.get(Invoice, i).status for i in originals} == {InvoiceStatus.CONSOLIDATED}
    consent = session.scalars(select(Consent).where(Consent.installment_plan_id == plan.id)).one()
    assert consent.channel == "whatsapp" and "confissão de dívida" in consent.text
    assert consent.inbound_message_id is not None and consent.text_version
    # the agreement PDF went to the chat: read it back
    chat_app.extensions["fatura"].queue.join(10.0)
    session.expire_all()
    delivery = session.scalars(
        select(Delivery).where(Delivery.kind == DeliveryKind.AGREEMENT)
    ).one()
    assert delivery.status.value == "sent", (delivery.status, delivery.reason)
    pdf = session.scalars(select(OutboxMessage.document).where(
        OutboxMessage.document_name == f"acordo-131030-{plan.id}.pdf")).one()  # fmt: skip
    assert pdf is not None
    check_agreement(pdf, plan, digits, tmp_path)
    bank = Bank()
    bank.pay(session, [entrada], local_today())
    plan = the_plan(session)
    assert plan.status is PlanStatus.ACTIVE
    settled = {(session.get(Invoice, i).status, session.get(Invoice, i).collection_agent)
               for i in originals}  # fmt: skip
    agent = "OUTRAS FATURAS" if plan.count <= 3 else "PARCELADO"
    assert settled == {(InvoiceStatus.SETTLED, agent)}
    for number in range(1, plan.count + 1):
        installment = session.scalars(select(Installment).where(
            Installment.plan_id == plan.id, Installment.number == number)).one()  # fmt: skip
        run_day(session, installment.due_date - timedelta(days=5))
        session.expire_all()
        installment = session.get(Installment, installment.id)
        assert installment.status is InstallmentStatus.BILLED and installment.invoice_id
        invoice = session.get(Invoice, installment.invoice_id)
        assert invoice.amount == installment.amount and invoice.due_date == installment.due_date
        bank.pay(session, [invoice], installment.due_date)
        assert the_plan(session).status is (
            PlanStatus.CLOSED if number == plan.count else PlanStatus.ACTIVE
        )
    assert sum(cents(i.amount) for i in plan.installments) + cents(plan.down_payment) == cents(
        plan.total
    )


def check_agreement(pdf: bytes, plan: InstallmentPlan, digits: str, folder) -> None:  # type: ignore[no-untyped-def]
    """pdftotext shows each due date and value; zbarimg reads the entrada's barcode."""
    text = pdf_text(pdf, folder)
    assert f"Acordo de parcelamento nº {plan.id}" in text
    for item in plan.installments:
        assert f"{item.due_date:%d/%m/%Y}" in text
        assert f"{item.amount}".replace(".", ",") in text
    symbols = scan_pdf(pdf, folder)
    assert f"I2/5:{line_to_barcode(digits)}" in symbols


@pytest.mark.parametrize("lapse", ["reopen", "charge"])
def test_an_unpaid_entrada_lapses_and_the_originals_reopen(chat, session, lapse: str) -> None:
    settings.update(session, {"installment_lapse": lapse}, "test")
    originals = overdue_ids(session)
    negotiate(chat)
    plan = the_plan(session)
    first_entrada = plan.down_payment_invoice_id
    report = run_day(session, plan.down_payment_due + timedelta(days=1))
    plan = the_plan(session)
    if lapse == "charge":  # charged again once, with its agent; then it lapses
        assert report.charged_again == 1 and plan.status is PlanStatus.AWAITING_DOWN_PAYMENT
        old = session.get(Invoice, first_entrada)
        assert (old.status, old.collection_agent) == (InvoiceStatus.SETTLED, "ENTRADA NAO PAGA")
        again = session.get(Invoice, plan.down_payment_invoice_id)
        assert again.status is InvoiceStatus.OPEN and again.amount == plan.down_payment
        assert len(report.deliveries) == 1  # the consumer is told
        report = run_day(session, plan.down_payment_due + timedelta(days=1))
        plan = the_plan(session)
    assert report.lapsed == 1 and plan.status is PlanStatus.LAPSED
    assert {session.get(Invoice, i).status for i in originals} == {InvoiceStatus.OPEN}
    told = session.get(Delivery, report.deliveries[-1])
    assert "desfeito" in told.body and told.destination == "+5531999990000"


def test_overdue_installments_bring_the_balance_forward(chat, session) -> None:
    settings.update(session, {"installment_overdue_to_anticipate": 2}, "test")
    negotiate(chat)
    plan = the_plan(session)
    bank = Bank()
    bank.pay(session, [session.get(Invoice, plan.down_payment_invoice_id)], local_today())
    plan = the_plan(session)
    second = plan.installments[1]
    report = run_day(session, second.due_date + timedelta(days=1))  # two issued and overdue
    plan = the_plan(session)
    assert report.anticipated == 1 and plan.status is PlanStatus.ANTICIPATED
    balance = session.get(Invoice, plan.anticipation_invoice_id)
    assert cents(balance.amount) == cents(plan.total) - cents(plan.down_payment)
    assert {i.status for i in plan.installments} == {InstallmentStatus.ANTICIPATED}
    bank.pay(session, [balance], balance.due_date)
    assert the_plan(session).status is PlanStatus.CLOSED


def test_charges_mode_lists_charges_for_the_erp_and_an_energy_payment_pays_them(
    chat, chat_app, session, auth
) -> None:
    """installment_mode = charges: GET /api/v1/charges lists each competência's charge; the
    UC's energy invoice of that competência paid pays it; the plans list shows the plan."""
    settings.update(session, {"installment_mode": "charges"}, "test")
    negotiate(chat)
    plan = the_plan(session)
    bank = Bank()
    bank.pay(session, [session.get(Invoice, plan.down_payment_invoice_id)], local_today())
    api = chat_app.test_client()
    first = the_plan(session).installments[0]
    listed = api.get(f"/api/v1/charges?reference={first.reference}", headers=auth).get_json()
    (charge,) = [c for c in listed["items"] if c["plan_id"] == plan.id]
    assert (charge["uc"], charge["amount"], charge["number"]) == ("131030", str(first.amount), 1)
    assert api.get("/api/v1/charges?reference=2026-13", headers=auth).status_code == 400
    energy = Invoice(
        key="E-131030-charge",
        unit_id=plan.unit_id,
        reference=first.reference,
        due_date=first.due_date,
        amount=first.amount,
        status=InvoiceStatus.OPEN,
    )
    session.add(energy)
    session.commit()
    bank.pay(session, [energy], first.due_date)
    assert the_plan(session).installments[0].status is InstallmentStatus.PAID
    db_session().expire_all()  # the app context the fixture holds keeps the webhook's objects
    plans = api.get("/api/v1/installment-plans?uc=131030", headers=auth).get_json()["items"]
    assert plans[0]["id"] == plan.id and plans[0]["installments"][0]["status"] == "paid"
    assert api.get("/api/v1/installment-plans?uc=131030").status_code == 401
