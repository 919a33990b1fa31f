"""Installment plans at the edges of other features: BARRA for an invoice a plan holds, the
installments' first copies whatever `send_unauthorized_at_issuance` says, and the contract's
extra copies in the print batch."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from billing.competence import month_label
from bot.formatting import to_ascii
from models import Delivery, DeliveryKind, DeliveryStatus, Invoice
from services import settings
from services.core.clock import local_today
from services.installments.routine import run_day
from tests.support.chat import post, replies
from tests.support.plans import AGENTS, Bank, negotiate, overdue_ids, the_plan


@pytest.fixture
def chat(chat_app, session):  # type: ignore[no-untyped-def]
    """The demo distributor with the plan agents set."""
    settings.update(session, AGENTS, "test")
    return chat_app.test_client()


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_barra_for_an_invoice_in_a_plan_points_to_the_plans_code_not_atualizar(
    chat, chat_app, session, auth, channel: str
) -> None:
    (original,) = overdue_ids(session)
    month = month_label(session.get(Invoice, original).reference)
    negotiate(chat, channel)
    plan = the_plan(session)
    said = to_ascii if channel == "sms" else str  # SMS replies are plain ASCII
    held = replies(post(chat, f"BARRA {month}", channel))
    assert len(held) == 1, held  # one SMS segment too
    assert said(f"está no acordo de parcelamento nº {plan.id}") in held[0] and "BARRA" in held[0]
    assert "ATUALIZAR" not in held[0] and "ATENDENTE" not in held[0]
    api = chat_app.test_client().get(f"/api/v1/invoices/F-131030-{month[3:]}-{month[:2]}",
                                     headers=auth).get_json()  # fmt: skip
    assert (
        api["payment"]["refused"] == "consolidated"
        and "ATUALIZAR" not in (api["payment"]["message"])
    )
    Bank().pay(session, [session.get(Invoice, plan.down_payment_invoice_id)], local_today())
    settled = replies(post(chat, f"BARRA {month}", channel))
    assert said(f"quitada pelo acordo de parcelamento nº {plan.id}") in settled[0]
    assert said("valor mínimo") not in settled[0] and "ATUALIZAR" not in settled[0]


def test_installments_are_sent_even_when_unauthorised_invoices_are_held(chat, session) -> None:
    """An installment is an "outras faturas" invoice with no NF3e, ever: held until an
    authorisation it will never get, it would never reach the consumer."""
    settings.update(session, {"send_unauthorized_at_issuance": False}, "test")
    session.commit()
    negotiate(chat)
    plan = the_plan(session)
    Bank().pay(session, [session.get(Invoice, plan.down_payment_invoice_id)], local_today())
    first = the_plan(session).installments[0]
    run_day(session, first.due_date - timedelta(days=5))
    session.expire_all()
    first = the_plan(session).installments[0]
    query = select(Delivery).where(Delivery.invoice_id == first.invoice_id,
                                   Delivery.kind == DeliveryKind.FIRST_COPY)  # fmt: skip
    copies = session.scalars(query).all()
    assert copies and {c.status for c in copies} == {DeliveryStatus.PENDING}
    assert {c.destination for c in copies} == {"teste@teste.com"}


def _batch(session, reference: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The print batch CSV's lines."""
    from services.delivery import print_batch

    out = io.StringIO()
    print_batch.write_csv(session, reference, out)
    return out.getvalue().splitlines()


def test_the_contracts_extra_copies_go_to_the_print_batch(chat_app, session) -> None:
    """Each plan made in the competência, still standing, gets its extra copies; none when
    the parameter is 0; a cancelled plan's contract is not printed."""
    from services.installments.cancel import cancel_plan
    from services.installments.plans import create_plan

    reference = f"{local_today():%Y-%m}"
    plain = _batch(session, reference)
    plan = create_plan(session, "131030", 3, local_today(), actor="t", channel="staff")
    session.commit()
    assert _batch(session, reference) == plain  # installment_contract_extra_copies = 0
    settings.update(session, {"installment_contract_extra_copies": 2}, "test")
    session.commit()
    lines = _batch(session, reference)
    extra = [line for line in lines if f"acordo-131030-{plan.id}.pdf" in line]
    assert lines[: len(plain)] == plain and len(lines) == len(plain) + 2
    assert extra[0].endswith("cópia adicional do contrato de parcelamento (1 de 2)")
    assert extra[1].startswith("131030,") and f",{plan.total}," in extra[1]
    previous = f"{local_today().replace(day=1) - timedelta(days=1):%Y-%m}"
    assert not any("acordo-" in line for line in _batch(session, previous))
    cancel_plan(session, plan, "t")
    session.commit()
    assert _batch(session, reference) == plain
