"""Provider status callbacks: every one is logged as an event; the status only moves forward.

Rank: pending/held < sending < sent < delivered < read. `failed` and `undelivered` are terminal
and may arrive after sent or delivered. Moves are conditional UPDATEs, so two callbacks racing
on one delivery never move it backwards.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from channels.twilio_messaging import REASONS as SEND_REASONS
from models import Delivery, DeliveryStatus
from services.core.logging_setup import redact
from services.delivery.deliveries import record_event

log = logging.getLogger(__name__)

S = DeliveryStatus
RANK = {S.PENDING: 0, S.HELD: 0, S.SENDING: 1, S.SENT: 2, S.DELIVERED: 3, S.READ: 4}
FORWARD = {"sent": S.SENT, "delivered": S.DELIVERED, "read": S.READ}
TERMINAL = {"failed": S.FAILED, "undelivered": S.UNDELIVERED}
PROGRESS = frozenset({"queued", "accepted", "scheduled", "sending"})
# A failure report may overrule any state short of proof of reading (or an earlier failure).
FAILABLE = (S.PENDING, S.HELD, S.SENDING, S.SENT, S.DELIVERED)
KEPT_FIELDS = ("MessageStatus", "ErrorCode", "ErrorMessage", "ChannelStatusMessage")
MAX_DETAIL_CHARS = 300

REASONS: dict[int, str] = {
    **SEND_REASONS,
    30003: "celular inacessível: desligado, sem sinal ou fora da área de cobertura",
    30005: "destino desconhecido: o número não existe ou não está mais ativo",
    30006: "telefone fixo ou operadora inacessível",
    30007: "mensagem bloqueada pelo filtro da operadora",
    30008: "erro desconhecido na entrega",
}


def failure_reason(code: str | None, message: str | None) -> str:
    """A readable reason for a provider error code (the provider's text, or the bare code)."""
    if code and code.isdigit() and int(code) in REASONS:
        return REASONS[int(code)]
    if message:
        return redact(message)[:MAX_DETAIL_CHARS]
    return f"código {code}" if code else "falha informada pelo provedor, sem código"


def kept_detail(detail: Mapping[str, object]) -> dict[str, str]:
    """The callback fields worth keeping, personal data masked (never the phone number)."""
    return {
        name: redact(str(detail[name]))[:MAX_DETAIL_CHARS]
        for name in KEPT_FIELDS
        if detail.get(name) not in (None, "")
    }


def find_by_provider_id(session: Session, provider_id: str) -> Delivery | None:
    """The delivery the provider knows by this id, fresh from the database."""
    query = (
        select(Delivery)
        .where(Delivery.provider_id == provider_id)
        .order_by(Delivery.id)
        .limit(1)
        .execution_options(populate_existing=True)
    )
    return session.scalars(query).first()


def apply_callback(
    session: Session,
    *,
    provider_id: str,
    status: str,
    error_code: str | None,
    detail: Mapping[str, object],
) -> Delivery | None:
    """Log the callback on the delivery and move its status forward; None for an unknown id.

    The caller commits. A replayed callback appends another event and changes nothing else.
    """
    delivery = find_by_provider_id(session, provider_id)
    if delivery is None:
        return None
    word = status.strip().lower()
    code = (error_code or "").strip()[:20] or None
    record_event(session, delivery, word[:20], code, **kept_detail(detail))
    if word in TERMINAL:
        message = str(detail.get("ErrorMessage") or "") or None
        reason = failure_reason(code, message)
        _move(session, delivery, TERMINAL[word], FAILABLE, reason=reason, provider_code=code)
    elif word in FORWARD:
        target = FORWARD[word]
        _move(session, delivery, target, _below(target))
    elif word not in PROGRESS:
        log.info("delivery %d: unknown provider status %r logged only", delivery.id, word[:20])
    return delivery


def _below(target: DeliveryStatus) -> tuple[DeliveryStatus, ...]:
    """The statuses a forward move to `target` may start from."""
    return tuple(status for status, rank in RANK.items() if rank < RANK[target])


def _move(
    session: Session,
    delivery: Delivery,
    target: DeliveryStatus,
    sources: tuple[DeliveryStatus, ...],
    **values: object,
) -> None:
    """Set the status (and values) only while the row is still in one of `sources`."""
    before = delivery.status
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.status.in_(sources))
        .values(status=target, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        log.info("delivery %d stays %s (provider said %s)", delivery.id, before, target)
        return
    session.refresh(delivery)
    log.info("delivery %d: %s -> %s", delivery.id, before, target)
