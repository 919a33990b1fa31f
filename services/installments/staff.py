"""Plans staff make for a consumer on the phone (admin "Parcelamentos"): the same rules as the
chat (services.installments.plans), after the caller's CPF/CNPJ matches the UC's titular.

A failed check says only that the data do not match (never whose the UC is) and is audited,
like every plan staff make or cancel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from billing.installments import Plan, PlanDebt, offers, plan_debt
from billing.validation import normalise_document
from models import AuditLog, Invoice, Unit, unit_by_uc
from services import settings
from services.collection.payment_view import cents
from services.installments.plans import PlanError, live_plan, overdue, terms_of

log = logging.getLogger(__name__)
MISMATCH = "UC ou CPF/CNPJ não conferem com o cadastro do titular."


@dataclass(frozen=True)
class Quote:
    """What staff may offer today: the overdue invoices, the debt and the plans."""

    unit: Unit
    originals: list[Invoice]
    debt: PlanDebt
    plans: list[Plan]


def identified_unit(session: Session, uc: str, document: str, actor: str) -> Unit:
    """The UC when `document` is its titular's CPF/CNPJ; PlanError (audited) otherwise."""
    unit = unit_by_uc(session, uc.strip())
    try:
        typed = normalise_document(document)
    except ValueError:
        typed = ""
    if unit is None or not typed or typed != unit.consumer.document:
        session.add(AuditLog(actor=actor[:60], action="installment_plan.identity_failed",
                             entity="unit", entity_id=str(unit.id) if unit else "",
                             detail={"uc": uc.strip()[:20]}))  # fmt: skip
        session.commit()
        log.info("staff plan: identification failed")
        raise PlanError("identity", MISMATCH)
    return unit


def quote(session: Session, unit: Unit, today: date) -> Quote:
    """The plans the chat would offer this UC today; PlanError when there is none."""
    if live_plan(session, unit) is not None:
        raise PlanError("plan_exists", "A UC já tem um parcelamento em andamento.")
    originals = overdue(session, unit, today)
    if not originals:
        raise PlanError("nothing_overdue", "A UC não tem faturas vencidas para parcelar.")
    terms = terms_of(settings.load(session))
    debt = plan_debt([(cents(i.amount), i.due_date) for i in originals], today, terms)
    plans = offers(debt.total_cents, terms)
    if not plans:
        raise PlanError("plan_not_allowed", "O total vencido não permite parcelar nas regras "
                        "da distribuidora.")  # fmt: skip
    return Quote(unit, originals, debt, plans)
