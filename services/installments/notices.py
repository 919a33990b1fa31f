"""What a plan's consumer is told when the plan changes by itself (entrada lapsed or charged
again, balance brought forward, an installment issued): a text to the chat where the plan was
accepted, or by SMS to the titular's first number on file for a plan staff made."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.formatting import to_ascii
from models import Consent, ConsumerPhone, DeliveryKind, DeliveryMedium, InstallmentPlan
from services.delivery.deliveries import insert_pending

log = logging.getLogger(__name__)

TEXTS = {
    "lapsed": "A entrada do parcelamento da UC {uc} não foi paga até {due}, então o acordo foi "
    "desfeito e as faturas voltaram a ficar em aberto. Envie NEGOCIAR para um novo acordo.",
    "charged_again": "A entrada do parcelamento da UC {uc} não foi paga até {due}. Geramos uma "
    "nova cobrança da entrada ({amount}), com vencimento {new_due}. Envie BARRA para o código.",
    "anticipated": "Há {n} parcelas do acordo da UC {uc} em atraso, então o saldo de {amount} "
    "foi reunido em uma fatura com vencimento {due}. Envie BARRA para o código.",
    "issued": "A parcela {n}/{count} do acordo da UC {uc} ({amount}) vence em {due}. Envie "
    "BARRA para o código.",
}


def _chat_of(session: Session, plan: InstallmentPlan) -> tuple[DeliveryMedium, str] | None:
    """Where to write: the chat that accepted the plan, else the titular's first number."""
    consent = session.scalar(
        select(Consent).where(Consent.installment_plan_id == plan.id).order_by(Consent.id)
    )
    if consent is not None and consent.phone:
        return DeliveryMedium(consent.channel), consent.phone
    phone = session.scalar(
        select(ConsumerPhone.phone)
        .where(ConsumerPhone.consumer_id == plan.unit.consumer_id)
        .order_by(ConsumerPhone.id)
    )
    return (DeliveryMedium.SMS, phone) if phone else None


def tell(
    session: Session, plan: InstallmentPlan, event: str, key: str, **values: str
) -> int | None:
    """Queue the text `key` for the plan's consumer once per `event`; the delivery's id (the
    caller commits, then enqueues), None when there is nobody to tell."""
    target = _chat_of(session, plan)
    if target is None:
        log.info("installment plan %d: nobody to tell about %s", plan.id, key)
        return None
    medium, phone = target
    text = TEXTS[key].format(uc=plan.unit.uc, **values)
    return insert_pending(
        session,
        dedupe_key=f"plan:{plan.id}:{event}",
        medium=medium,
        destination=phone,
        kind=DeliveryKind.TEXT,
        body=to_ascii(text) if medium is DeliveryMedium.SMS else text,
        unit_id=plan.unit_id,
        requested_by="parcelamento",
    )
