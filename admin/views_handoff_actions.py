"""What staff do with a hand-off, each a POST with CSRF from its conversation page: Assumir
(or Assumir no lugar de <login>, audited), a text to the consumer, a 2ª via or payment code
of one of the consumer's invoices attached with one click, and Encerrar with a reason (the
consumer then gets the survey). Only the staff member who has the hand-off may send or
close; the messages go by a job after the commit."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import abort, flash, redirect, request, url_for
from sqlalchemy.orm import Session

from admin import handoff_view as view
from admin.blueprint import bp, get_or_404
from admin.security import actor
from models import DeliveryKind, DeliveryMedium, Handoff, Invoice, utcnow
from services import settings
from services.core.runtime import current, db_session
from services.delivery.staff_copies import CopyRequest
from services.handoff import assignment, closing, staff_messages
from services.handoff.assignment import Refused
from services.handoff.conversation_state import StateRaced
from services.handoff.sending import requested_by
from workers.jobs import enqueue_deliveries, enqueue_handoff_messages

log = logging.getLogger(__name__)
KINDS = {"segunda_via": DeliveryKind.SECOND_COPY, "barra": DeliveryKind.PAYMENT_SLIP}
RETRY = "o atendimento mudou enquanto você agia: tente de novo"


def _back(handoff: Handoff) -> Any:
    """Back to the hand-off's page."""
    return redirect(url_for("admin.atendimento", handoff_id=handoff.id))


def _refused(db: Session, handoff: Handoff, why: str) -> Any:
    """Undo, say why, and go back to the page."""
    db.rollback()
    flash(f"{why[:1].upper()}{why[1:]}.", "error")
    return _back(handoff)


@bp.post("/atendimentos/<int:handoff_id>/assumir")
def atendimento_assumir(handoff_id: int) -> Any:
    """Take the hand-off if nobody has it yet (of two staff racing, one wins)."""
    db, handoff = db_session(), get_or_404(Handoff, handoff_id)
    if assignment.take(db, handoff, actor(), utcnow()):
        db.commit()
        flash("Atendimento assumido. Responda pela caixa de texto.", "ok")
    else:
        db.rollback()
        holder = handoff.assigned_to or "ninguém"
        flash(f"Não assumido: o atendimento está com {holder} ou já foi encerrado.", "warn")
    return _back(handoff)


@bp.post("/atendimentos/<int:handoff_id>/assumir-no-lugar")
def atendimento_assumir_no_lugar(handoff_id: int) -> Any:
    """Take the hand-off from the colleague the page showed (audited)."""
    db, handoff = db_session(), get_or_404(Handoff, handoff_id)
    previous = request.form.get("de", "").strip()[:60]
    if assignment.take_over(db, handoff, actor(), previous, utcnow()):
        db.commit()
        flash(f"Você assumiu o atendimento no lugar de {previous}.", "ok")
    else:
        db.rollback()
        flash("Não assumido: o atendimento mudou de mãos ou foi encerrado.", "warn")
    return _back(handoff)


@bp.post("/atendimentos/<int:handoff_id>/responder")
def atendimento_responder(handoff_id: int) -> Any:
    """Queue the staff text to the consumer (sent by a job, audited)."""
    db, handoff = db_session(), get_or_404(Handoff, handoff_id)
    try:
        message = staff_messages.reply(
            db, handoff, actor(), request.form.get("texto", ""), utcnow()
        )
    except Refused as exc:
        return _refused(db, handoff, str(exc))
    except StateRaced:
        return _refused(db, handoff, RETRY)
    db.commit()
    enqueue_handoff_messages(current().queue, [message.id])
    flash("Mensagem registrada: o status aparece na conversa.", "ok")
    return _back(handoff)


def _copy(db: Session, handoff: Handoff) -> CopyRequest:
    """The staff copy the attach button asks for; Refused for another consumer's invoice."""
    form = request.form
    kind, invoice_id, request_id = (
        form.get("tipo", ""),
        form.get("fatura", ""),
        form.get("pedido", ""),
    )
    if (
        kind not in KINDS
        or not invoice_id.isdigit()
        or not re.fullmatch(r"[0-9a-f]{32}", request_id)
    ):
        abort(400)
    invoice = db.get(Invoice, int(invoice_id))
    if invoice is None or invoice.unit_id not in view.consumer_units(db, handoff):
        raise Refused("a fatura não é de uma UC deste consumidor")
    return CopyRequest(invoice.id, KINDS[kind], DeliveryMedium(handoff.channel), handoff.phone,
                       request_id, actor(), requested_by(db, handoff))  # fmt: skip


@bp.post("/atendimentos/<int:handoff_id>/anexar")
def atendimento_anexar(handoff_id: int) -> Any:
    """Send the 2ª via or the payment code of the consumer's invoice to this chat."""
    db, handoff, now = db_session(), get_or_404(Handoff, handoff_id), utcnow()
    try:
        copy = _copy(db, handoff)
        message, ids = staff_messages.attach(db, handoff, actor(), copy, settings.load(db), now)
    except Refused as exc:
        return _refused(db, handoff, str(exc))
    except StateRaced:
        return _refused(db, handoff, RETRY)
    db.commit()
    enqueue_deliveries(current().queue, ids)
    flash("Documento enviado à conversa." if message else "Este documento já foi enviado.", "ok")
    return _back(handoff)


@bp.post("/atendimentos/<int:handoff_id>/encerrar")
def atendimento_encerrar(handoff_id: int) -> Any:
    """Close with the reason typed; the bot answers again and the survey goes."""
    db, handoff = db_session(), get_or_404(Handoff, handoff_id)
    reason = request.form.get("motivo", "")
    try:
        survey = closing.close(db, current(), handoff, actor(), reason, utcnow())
    except Refused as exc:
        return _refused(db, handoff, str(exc))
    except StateRaced:
        return _refused(db, handoff, RETRY)
    db.commit()
    if survey.status == "queued":
        enqueue_handoff_messages(current().queue, [survey.id])
        flash("Atendimento encerrado; a pesquisa de satisfação foi enviada.", "ok")
    else:
        flash(f"Atendimento encerrado; {survey.error}.", "warn")
    return redirect(url_for("admin.atendimentos"))
