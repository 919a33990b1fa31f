"""NEGOCIAR / PARCELAR transcripts on WhatsApp and SMS (bot/flows_installments.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from billing.installments import PlanTerms
from bot.types import AcceptPlan
from tests.bot.fakes import Chat, world

CHANNELS = ["whatsapp", "sms"]
# UC 131030 owes R$ 245,50 due 20/10/2026, 21 days late on 10/11/2026: fine 4,91, interest
# 1,72, total R$ 252,13; entrada 10 % rounded up R$ 25,22; 226,91 left: at most 7 of R$ 30.


@pytest.mark.parametrize("channel", CHANNELS)
def test_negociar_offers_plans_then_the_term_then_records_the_acceptance(channel: str) -> None:
    chat = Chat(world(), channel=channel)
    chat.send("NEGOCIAR")
    assert chat.keys == ["plan_debt", "plan_options"]
    text = "\n".join(chat.replies)
    assert "252,13" in text and "10/2026" in text
    assert "25,22" in text and "3x" in text and "7x" in text  # entrada + 3, 6, 7
    if channel == "sms":
        assert len(chat.replies) <= 3  # within the segment budget of the debts list
    chat.send("1")
    assert chat.keys[0] == "plan_term"
    term = "\n".join(chat.replies)
    assert "75,63" in term and "75,65" in term  # 22691 / 3 = 7563, the last absorbs 2
    chat.send("sim")
    assert chat.keys == ["plan_registering"]
    (effect,) = chat.effects
    assert isinstance(effect, AcceptPlan)
    assert (effect.uc, effect.count, effect.total_cents) == ("131030", 3, 25213)
    assert "25,22" in effect.term_text and effect.term_version


def test_free_text_reaches_the_plans() -> None:
    chat = Chat(world())
    chat.send("quero parcelar minha dívida")
    assert chat.keys == ["plan_debt", "plan_options"]


def test_nao_makes_nothing_and_a_wrong_option_asks_again() -> None:
    chat = Chat(world())
    chat.send("parcelar")
    chat.send("9")
    assert chat.keys == ["pick_invalid"]
    chat.send("2")
    chat.send("não")
    assert chat.keys == ["plan_dropped"] and chat.effects == []


def test_discount_is_shown_and_lowers_the_total() -> None:
    terms = PlanTerms(discount_percent=Decimal("100"))
    chat = Chat(world(installment_terms=terms))
    chat.send("NEGOCIAR")
    assert "245,50" in chat.replies[0] and "desconto de R$ 6,63" in chat.replies[0]


def test_nothing_overdue_and_too_small_debts_get_no_plan() -> None:
    view = world()
    chat = Chat(view, phone="+5531988887777")
    chat.send("NEGOCIAR 200200")
    chat.send("529.982.247-25")
    assert chat.keys[-1] == "plan_nothing"
    small = Chat(world(installment_terms=PlanTerms(min_installment_cents=50_000)))
    small.send("NEGOCIAR")
    assert small.keys == ["plan_none"]


@pytest.mark.parametrize("hostile", ["1; DROP TABLE invoice", "99999999999999999999", "-1"])
def test_hostile_answers_to_the_options_change_nothing(hostile: str) -> None:
    chat = Chat(world())
    chat.send("NEGOCIAR")
    chat.send(hostile)
    assert chat.effects == []
