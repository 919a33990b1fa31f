"""AcceptPlan at the edge: make the plan the consumer accepted, record the acceptance like a
consent, and answer with the entrada's codes (as BARRA does) and the agreement PDF."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot import types as bt
from bot.flows_invoice import payment_replies
from bot.texts import text
from services.chat.bot_view import DbBotView
from services.core.clock import LOCAL_TZ
from services.core.formats import brl, day
from services.installments.plans import PlanError, create_plan
from services.people.enrollments import ConsentRecord
from services.settings import load

if TYPE_CHECKING:
    from services.chat.bot_effects import EffectContext

log = logging.getLogger(__name__)


def accept_plan(session: Session, ctx: EffectContext, effect: bt.AcceptPlan) -> int | None:
    """Make the plan; the replies go to `ctx.replies`; returns the entrada invoice's id, whose
    agreement PDF the caller sends to this chat (None when the plan was refused)."""
    sms = ctx.channel == "sms"
    acceptance = ConsentRecord(effect.term_text, effect.term_version, ctx.channel, ctx.phone,
                               ctx.inbound_id, simulated_by=ctx.simulated_by)  # fmt: skip
    today = ctx.now.astimezone(LOCAL_TZ).date()
    try:
        with session.begin_nested():
            plan = create_plan(session, effect.uc, effect.count, today, actor=ctx.actor,
                               channel=ctx.channel, expected_total=effect.total_cents,
                               acceptance=acceptance)  # fmt: skip
    except PlanError as exc:
        log.info("plan refused at acceptance: %s", exc.code)
        ctx.replies.append(text("plan_refused", sms=sms, why=str(exc)))
        return None
    entrada_id = plan.down_payment_invoice_id
    ctx.replies.append(text("plan_made", sms=sms, id=plan.id, down=brl(plan.down_payment),
                            due=day(plan.down_payment_due)))  # fmt: skip
    view = DbBotView(session, load(session), ctx.now)
    info = next(i for i in view.invoices(effect.uc) if i.id == entrada_id)
    codes = payment_replies(info, ctx.channel, updated_debt=False)
    ctx.replies.extend(codes if sms else codes[:-1])  # the PDF below, not the slip offer
    ctx.replies.append(text("plan_pdf_coming", sms=sms))
    return entrada_id
