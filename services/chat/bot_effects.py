"""Carrying out the bot's effects inside the message's transaction (the caller commits)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from bot import types as bt
from bot.flows_invoice import payment_replies
from channels.registry import SIMULATED
from models import (
    DeliveryKind,
    DeliveryMedium,
    EnrollmentMedium,
    Handoff,
    IdentificationFailure,
    PendingPhoto,
    Unit,
    unit_by_uc,
)
from services.chat.bot_view import DbBotView
from services.chat.free_text import record_outage, record_unrecognized
from services.chat.plan_effects import accept_plan
from services.collection.updated_debt import consolidate
from services.core.clock import LOCAL_TZ
from services.delivery.deliveries import insert_pending
from services.handoff import effects as handoff_effects
from services.handoff.protocols import next_protocol
from services.people import enrollments
from services.settings import load

log = logging.getLogger(__name__)
# The reregistration offer's time on the UC: one UPDATE (its onupdate stamps updated_at),
# no ORM load and flush.
_OFFERED = update(Unit.__table__).where(Unit.__table__.c.uc == bindparam("b_uc"))


@dataclass(frozen=True)
class EffectContext:
    """The message the effects answer; `conversation_changes` collects column updates."""

    channel: str
    phone: str
    inbound_id: int
    now: datetime
    simulated_by: str | None = None
    conversation_changes: dict[str, Any] = field(default_factory=dict)
    replies: list[str] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)  # PendingPhoto rows to read
    # Outage reports' protocol numbers taken before the transaction (protocols_ahead).
    protocols: list[str] = field(default_factory=list)

    @property
    def actor(self) -> str:
        """Who audit entries name: the channel, or the staff login behind a simulated chat."""
        return f"{SIMULATED}{self.simulated_by}"[:60] if self.simulated_by else self.channel


def protocols_ahead(session: Session, effects: list[Any], now: datetime) -> list[str]:
    """On PostgreSQL, the protocol numbers the step's outage reports will need, taken in
    the read phase (autocommit: services.chat.conversations._begin_reads; or the short
    transaction after a guess's claim), committed before the message's transaction begins.

    The day's counter is one row every report updates: taken inside the transaction, its
    lock is held until COMMIT, and a worker deciding deferred messages (at `nice 10`) that
    is preempted while holding it makes every web worker reporting an outage wait for it.
    (bench/storm.py's 400 msg/s tail stayed near 100 ms without that wait: bench/RESULTS.md,
    session 9.) A number taken for a message decided again is skipped, never given twice
    (services.handoff.protocols)."""
    wanted = sum(isinstance(effect, bt.OutageReported) for effect in effects)
    if not wanted or session.get_bind().dialect.name != "postgresql":
        return []
    return [next_protocol(session, now) for _ in range(wanted)]


def _send_document(session: Session, ctx: EffectContext, effect: bt.SendDocument) -> int:
    """A pending delivery of the document (to this chat, or to the given destination) and
    the first entry of its history, with the Core statements of the webhook's hot path."""
    medium = DeliveryMedium(effect.medium or ctx.channel)
    destination = effect.destination or ctx.phone
    kind = DeliveryKind(effect.kind)
    return insert_pending(
        session,
        dedupe_key=f"in:{ctx.inbound_id}:{kind.value}:{effect.invoice_id}:{medium.value}:"
        f"{destination}",
        invoice_id=effect.invoice_id,
        medium=medium,
        destination=destination,
        kind=kind,
        requested_by=ctx.actor,
    )


def _enroll(session: Session, ctx: EffectContext, effect: bt.Enroll) -> None:
    """Enrol with the consent the consumer confirmed."""
    unit = unit_by_uc(session, effect.uc)
    if unit is None:
        return
    consent = enrollments.ConsentRecord(
        effect.consent_text,
        effect.consent_version,
        ctx.channel,
        ctx.phone,
        ctx.inbound_id,
        simulated_by=ctx.simulated_by,
    )
    try:
        enrollments.enroll(
            session,
            unit,
            EnrollmentMedium(effect.medium),
            effect.destination,
            keep_printed=effect.keep_printed,
            actor=ctx.actor,
            consent=consent,
        )
    except enrollments.EnrollmentError as exc:
        log.warning("bot enrolment refused: %s", exc.code)


def _unenroll(session: Session, ctx: EffectContext, effect: bt.Unenroll) -> None:
    """Remove the recipient if it is enrolled."""
    unit = unit_by_uc(session, effect.uc)
    row = unit and enrollments.find(
        session, unit, EnrollmentMedium(effect.medium), effect.destination
    )
    if row is not None:
        enrollments.unenroll(session, row, actor=ctx.actor)


def _updated_debt(session: Session, ctx: EffectContext, effect: bt.UpdatedDebt) -> None:
    """Consolidate the UC's open invoices and answer with the new codes, as BARRA does."""
    invoice = consolidate(session, effect.uc, ctx.now.astimezone(LOCAL_TZ).date())
    if invoice is None:
        return
    view = DbBotView(session, load(session), ctx.now)
    info = next(i for i in view.invoices(effect.uc) if i.id == invoice.id)
    ctx.replies.extend(payment_replies(info, ctx.channel, updated_debt=False))


def _handoff(session: Session, ctx: EffectContext, effect: bt.Handoff) -> None:
    """Open the hand-off with its protocol number, and tell the consumer the number."""
    unit = unit_by_uc(session, effect.uc)
    handoff = Handoff(
        channel=ctx.channel,
        phone=ctx.phone,
        reason=effect.reason,
        unit_id=unit and unit.id,
        inbound_message_id=ctx.inbound_id,
        in_hours=effect.in_hours,
    )
    protocol = handoff_effects.open_handoff(session, handoff, ctx.now)
    ctx.replies.extend(handoff_effects.protocol_replies(protocol, ctx.channel))


def _pending_photo(session: Session, ctx: EffectContext, effect: bt.ReadPhoto) -> int:
    """Keep where the photo is until a worker has read it (the image itself is never kept)."""
    row = PendingPhoto(inbound_message_id=ctx.inbound_id, url=effect.url,
                       content_type=effect.content_type[:100], created_at=ctx.now)  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


def apply_effects(session: Session, ctx: EffectContext, effects: list[bt.Effect]) -> list[int]:
    """Write what each effect asks; return the ids of deliveries to enqueue after commit."""
    deliveries: list[int] = []
    for effect in effects:
        if isinstance(effect, bt.SendDocument):
            deliveries.append(_send_document(session, ctx, effect))
        elif isinstance(effect, bt.Enroll):
            _enroll(session, ctx, effect)
        elif isinstance(effect, bt.Unenroll):
            _unenroll(session, ctx, effect)
        elif isinstance(effect, bt.IdentificationFailed):
            session.add(IdentificationFailure(phone=ctx.phone, uc=effect.uc, at=ctx.now))
        elif isinstance(effect, bt.Handoff):
            _handoff(session, ctx, effect)
        elif isinstance(effect, bt.HandoffReturned):
            handoff_effects.returned(session, ctx.channel, ctx.phone, ctx.now)
        elif isinstance(effect, bt.SurveyAnswered):
            handoff_effects.survey_answered(session, ctx.channel, ctx.phone, effect, ctx.now)
        elif isinstance(effect, bt.OptOut):
            ctx.conversation_changes["opted_out_at"] = ctx.now
        elif isinstance(effect, bt.OptIn):
            ctx.conversation_changes["opted_out_at"] = None
        elif isinstance(effect, bt.UpdatedDebt):
            _updated_debt(session, ctx, effect)
        elif isinstance(effect, bt.AcceptPlan) and (entrada := accept_plan(session, ctx, effect)):
            agreement = bt.SendDocument(entrada, "agreement")
            deliveries.append(_send_document(session, ctx, agreement))
        elif isinstance(effect, bt.ReregistrationOffered):
            session.execute(_OFFERED, {"b_uc": effect.uc, "reregistration_offered_at": ctx.now})
        elif isinstance(effect, bt.OutageReported):
            protocol = ctx.protocols.pop(0) if ctx.protocols else next_protocol(session, ctx.now)
            record_outage(session, ctx.channel, ctx.phone, effect.uc, effect.text,
                          ctx.inbound_id, ctx.now, protocol)  # fmt: skip
            ctx.replies.extend(handoff_effects.protocol_replies(protocol, ctx.channel))
        elif isinstance(effect, bt.ReadPhoto):
            ctx.photo_ids.append(_pending_photo(session, ctx, effect))
        elif isinstance(effect, bt.NotUnderstood):
            record_unrecognized(session, effect.text, effect.guess, effect.confidence, ctx.now)
    return deliveries
