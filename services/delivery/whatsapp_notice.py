"""The WhatsApp notice of a new invoice (its first copy to an enrolled number): what BARRA
gives in the chat, without being asked.

Inside the 24-hour window it goes free-form, in this order: the summary with the PDF, then,
only while a code may be given for the invoice (the chat's rules: not paid, not below the
minimum, not past its payable period), the linha digitável alone and the PIX copia-e-cola
alone. Each code is a delivery of its own, committed with the summary's `sent` and sent
after it by one job, in order. Outside the window the approved template goes first
(ContentSid: {{1}} the summary, {{2}} the PDF's link) and the rest of the notice waits,
`held`, until the consumer writes: that message releases it, and it goes as inside the
window, its codes worked out then. One notice waits per number and UC: a newer invoice's
replaces it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from billing.payment import PaymentCodes, PaymentRefusal
from bot.flows_invoice import payment_replies
from bot.types import InvoiceInfo
from channels.base import Channel
from channels.twilio_messaging import WHATSAPP_WINDOW
from models import (
    Delivery,
    DeliveryKind,
    DeliveryMedium,
    DeliveryStatus,
    Invoice,
    Unit,
    utcnow,
)
from services.collection.payment_view import cents
from services.core import formats
from services.delivery.deliveries import insert_pending, record_event
from services.settings import Settings

log = logging.getLogger(__name__)
REST = "rest:"  # dedupe-key prefix of a notice's rest, held until the consumer writes
AWAITING = "aguardando o consumidor responder ao modelo (fora da janela de 24 horas)"
REPLACED = "substituído pelo aviso de uma fatura mais recente"
# A message this long after the one before may answer a template (sent only past 24 hours).
ANSWER_GAP = WHATSAPP_WINDOW - timedelta(hours=1)


def is_notice(delivery: Delivery) -> bool:
    """True for a first copy on WhatsApp, whose message is this notice."""
    return delivery.medium is DeliveryMedium.WHATSAPP and delivery.kind is DeliveryKind.FIRST_COPY


def is_rest(delivery: Delivery) -> bool:
    """True for the rest of a notice whose template went first."""
    return delivery.dedupe_key.startswith(REST)


def opens_with_template(channel: Channel, delivery: Delivery) -> bool:
    """True when this notice must open with the template: the number is outside the window
    (a channel with no window, the outbox, is always inside it)."""
    in_window = getattr(channel, "in_window", None)
    if not is_notice(delivery) or is_rest(delivery) or in_window is None:
        return False
    return not in_window(delivery.destination)


def _summary(invoice: Invoice) -> str:
    """What arrived: competência, UC, amount, due date and, for energy, the kWh."""
    kwh = f" ({formats.number(invoice.kwh)} kWh)" if invoice.kwh is not None else ""
    return (
        f"Sua fatura de {formats.reference(invoice.reference)} da UC {invoice.unit.uc} chegou: "
        f"{formats.brl(invoice.amount)}, vencimento {formats.day(invoice.due_date)}{kwh}."
    )


def _replies(invoice: Invoice, view: PaymentCodes | PaymentRefusal, values: Settings) -> list[str]:
    """BARRA's replies for this invoice (intro, digits, PIX, PDF offer; or why not)."""
    info = InvoiceInfo(
        id=invoice.id,
        uc=invoice.unit.uc,
        reference=invoice.reference,
        kind=invoice.kind.value,
        amount_cents=cents(invoice.amount),
        due_date=invoice.due_date,
        status=invoice.status.value,
        authorized=invoice.authorized,
        payment_of=lambda: view,
    )
    return payment_replies(info, "whatsapp", values.updated_debt_enabled)


def codes(invoice: Invoice, view: PaymentCodes | PaymentRefusal, values: Settings) -> list[str]:
    """The code messages, as BARRA sends them: the digits alone, then the PIX alone."""
    return _replies(invoice, view, values)[1:-1] if isinstance(view, PaymentCodes) else []


def notice_text(
    invoice: Invoice, view: PaymentCodes | PaymentRefusal, values: Settings, *, template: bool
) -> str:
    """The summary under the PDF, or the template's {{1}} (one line) outside the window."""
    pix = isinstance(view, PaymentCodes) and bool(view.pix)
    if template:
        what = "o PDF"
        if isinstance(view, PaymentCodes):
            what = "o PDF, o código de barras e o PIX" if pix else "o PDF e o código de barras"
        return f"{_summary(invoice)} Responda esta mensagem para receber aqui {what}."
    if pix:
        after = "A seguir, o código de barras e o PIX copia e cola, cada um numa mensagem."
    elif isinstance(view, PaymentCodes):
        after = "A seguir, o código de barras, numa mensagem só dele, fácil de copiar."
    else:
        after = _replies(invoice, view, values)[0]
    return f"Olá! {_summary(invoice)} O PDF vai anexo.\n{after}"


def follow_ups(
    session: Session,
    delivery: Delivery,
    invoice: Invoice,
    view: PaymentCodes | PaymentRefusal,
    values: Settings,
) -> list[int]:
    """After the summary went free-form: the code messages, pending, in order (the caller
    commits them with the summary's `sent`)."""
    ids = []
    for part, body in zip(("line", "pix"), codes(invoice, view, values), strict=False):
        ids.append(
            insert_pending(
                session,
                dedupe_key=f"notice:{delivery.id}:{part}",
                invoice_id=delivery.invoice_id,
                unit_id=delivery.unit_id,
                medium=DeliveryMedium.WHATSAPP,
                destination=delivery.destination,
                kind=DeliveryKind.TEXT,
                body=body,
                requested_by=delivery.requested_by,
            )
        )
    return ids


def hold_rest(session: Session, delivery: Delivery) -> None:
    """After the template: the rest of the notice, held until the consumer writes; an older
    notice of the same UC still waiting there is replaced (the caller commits)."""
    key = f"{REST}{delivery.invoice_id}:{delivery.destination}"
    if session.scalar(select(Delivery.id).where(Delivery.dedupe_key == key)) is not None:
        return
    replaced = session.execute(
        _held_for(delivery.destination)
        .where(Delivery.unit_id == delivery.unit_id)
        .values(status=DeliveryStatus.SKIPPED, reason=REPLACED, updated_at=utcnow())
        .returning(Delivery.id)
    ).scalars()
    for old in replaced:
        record_event(session, old, DeliveryStatus.SKIPPED.value, reason=REPLACED)
    insert_pending(
        session,
        status=DeliveryStatus.HELD,
        reason=AWAITING,
        dedupe_key=key,
        invoice_id=delivery.invoice_id,
        unit_id=delivery.unit_id,
        medium=DeliveryMedium.WHATSAPP,
        destination=delivery.destination,
        kind=DeliveryKind.FIRST_COPY,
        requested_by=delivery.requested_by,
    )


def _held_for(phone: str) -> Any:
    """An UPDATE of the notices held for `phone` until it writes."""
    return (
        update(Delivery)
        .where(
            Delivery.status == DeliveryStatus.HELD,
            Delivery.medium == DeliveryMedium.WHATSAPP,
            Delivery.destination == phone,
            Delivery.dedupe_key.startswith(REST),
        )
        .execution_options(synchronize_session=False)
    )


def may_answer(last_inbound_at: datetime | None, now: datetime) -> bool:
    """True when a message may be the answer to a template: the number had not written in
    the last day (a template goes only then), so the few messages that need the look-up pay
    for it."""
    return last_inbound_at is None or now - last_inbound_at >= ANSWER_GAP


def waiting(session: Session, phone: str) -> list[tuple[str, str]]:
    """(competência, UC) of each notice held for `phone`, oldest first."""
    rows = session.execute(
        select(Invoice.reference, Unit.uc)
        .join(Delivery, Delivery.invoice_id == Invoice.id)
        .join(Unit, Unit.id == Invoice.unit_id)
        .where(
            Delivery.status == DeliveryStatus.HELD,
            Delivery.medium == DeliveryMedium.WHATSAPP,
            Delivery.destination == phone,
            Delivery.dedupe_key.startswith(REST),
        )
        .order_by(Delivery.id)
    ).all()
    return [(formats.reference(reference), uc) for reference, uc in rows]


def release(session: Session, phone: str) -> list[int]:
    """The number wrote: its held notices become pending (the caller commits, then queues)."""
    released = list(
        session.execute(
            _held_for(phone)
            .values(status=DeliveryStatus.PENDING, reason=None, updated_at=utcnow())
            .returning(Delivery.id)
        ).scalars()
    )
    for delivery_id in released:
        record_event(session, delivery_id, "released")
    if released:
        log.info("%d held WhatsApp notices released by an answer", len(released))
    return released


def answer_text(notices: list[tuple[str, str]]) -> str:
    """The reply to a message that answers the template: what follows now."""
    if len(notices) == 1:
        month, uc = notices[0]
        what = f"Segue a fatura de {month} da UC {uc}"
    else:
        what = "Seguem as faturas " + ", ".join(f"{m} (UC {uc})" for m, uc in notices)
    return f"Obrigado! {what}, como avisamos. Para outros assuntos, envie MENU."
