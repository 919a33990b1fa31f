"""How the Atendimentos screens show a hand-off: its state in one sentence, the transcript's
lines and the waiting list as JSON for the pages' polling scripts, the time waited, and the
consumer's invoices a staff member may attach. Numbers are always masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.validation import mask_destination
from models import DeliveryKind, Handoff, Invoice, Unit
from services.chat.bot_view import phone_params, phone_units_select
from services.core import formats
from services.delivery import staff_copies
from services.handoff.transcript import Line
from services.settings import Settings

CHANNELS = {"whatsapp": "WhatsApp", "sms": "SMS"}
SIDES = {"consumer": "in", "bot": "out", "staff": "staff", "event": "event"}
STATUS_LABELS = {
    "held": "aguardando o consumidor responder ao modelo",
    "queued": "na fila",
    "sending": "enviando",
    "sent": "enviada",
    "delivered": "entregue",
    "read": "lida",
    "failed": "não enviada",
}
KIND_LABELS = {"text": "", "template": "modelo", "document": "documento", "survey": "pesquisa"}
OFFERED = 6  # invoices offered for attaching, newest first


def waited(seconds: float) -> str:
    """A wait as staff read it: 'menos de 1 min', '12 min', '2 h 05 min', '3 d 4 h'."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "menos de 1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def state(handoff: Handoff, login: str, now: datetime) -> dict[str, Any]:
    """The hand-off's state in one sentence, and who may act (for the page and its polling)."""
    if handoff.returned_at is not None:
        back = formats.moment(handoff.returned_at)
        text = f"O consumidor voltou ao atendimento automático (MENU) em {back}."
    elif handoff.handled_at is not None:
        why = f": {handoff.close_reason}" if handoff.close_reason else "."
        text = f"Encerrado em {formats.moment(handoff.handled_at)} por {handoff.handled_by}{why}"
    elif handoff.assigned_to is None:
        late = "" if handoff.in_hours else " Pedido feito fora do horário de atendimento."
        text = (
            f"Aguardando atendente há {waited((now - handoff.created_at).total_seconds())}.{late}"
        )
    else:
        who = "você" if handoff.assigned_to == login else handoff.assigned_to
        text = f"Com {who} desde {formats.moment(handoff.assigned_at)}."
    is_open = handoff.handled_at is None
    return {
        "text": text,
        "open": is_open,
        "assigned_to": handoff.assigned_to,
        "mine": is_open and handoff.assigned_to == login,
        "key": f"{is_open}:{handoff.assigned_to or ''}",
    }


def line_json(line: Line) -> dict[str, str]:
    """One transcript line as the page's script draws it."""
    return {
        "key": line.key,
        "side": SIDES[line.side],
        "time": formats.moment(line.at),
        "text": line.text,
        "author": line.author,
        "kind": KIND_LABELS.get(line.kind, ""),
        "status": line.status,
        "status_label": STATUS_LABELS.get(line.status, line.status),
        "error": line.error,
        "simulated_by": line.simulated_by,
    }


def waiting_json(handoff: Handoff, now: datetime) -> dict[str, Any]:
    """One row of the waiting list."""
    if handoff.first_answer_at is not None:
        situation = f"respondido por {handoff.assigned_to}"
    elif handoff.assigned_to:
        situation = f"com {handoff.assigned_to}"
    else:
        situation = "aguardando" if handoff.in_hours else "aguardando (pedido fora do horário)"
    return {
        "id": handoff.id,
        "protocol": handoff.protocol or "",
        "opened": formats.moment(handoff.created_at),
        "waited": waited((now - handoff.created_at).total_seconds()),
        "waited_seconds": int((now - handoff.created_at).total_seconds()),
        "channel": CHANNELS.get(handoff.channel, handoff.channel),
        "phone": mask_destination(handoff.phone),
        "uc": handoff.unit.uc if handoff.unit else "",
        "reason": handoff.reason,
        "situation": situation,
        "url": url_for("admin.atendimento", handoff_id=handoff.id),
    }


@dataclass(frozen=True)
class Offer:
    """An invoice staff may attach, and which of its documents this chat can carry."""

    invoice: Invoice
    copy: bool  # the 2ª via (WhatsApp only)
    slip: bool  # the payment code (while the invoice may be paid with one)


def consumer_units(db: Session, handoff: Handoff) -> list[int]:
    """The hand-off's UC, else the UCs whose titular has the number on file."""
    if handoff.unit_id is not None:
        return [handoff.unit_id]
    ucs = db.scalars(phone_units_select(), phone_params(handoff.phone)).all()
    return list(db.scalars(select(Unit.id).where(Unit.uc.in_(ucs)))) if ucs else []


def offers(db: Session, handoff: Handoff, values: Settings, now: datetime) -> list[Offer]:
    """The consumer's newest invoices with the documents that may go to this chat."""
    units = consumer_units(db, handoff)
    if not units:
        return []
    invoices = db.scalars(
        select(Invoice)
        .where(Invoice.unit_id.in_(units))
        .order_by(Invoice.reference.desc(), Invoice.id.desc())
        .limit(OFFERED)
    )
    whatsapp = handoff.channel == "whatsapp" and values.channel_product_enabled
    slip = DeliveryKind.PAYMENT_SLIP
    return [
        Offer(i, whatsapp, staff_copies.refusal(i, slip, values, now) is None) for i in invoices
    ]
