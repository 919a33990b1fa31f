"""A failed automatic debit is told to the consumer: the reason in plain words, then the
payment code alone in its own message (easy to copy), so they can pay by other means
(texts: debit_notice_texts.py).

Where (the consumer's channel): the UC's enrolled WhatsApp numbers while Channel is on.
Otherwise both its enrolled e-mail addresses (the channel they chose for their invoices: one
e-mail with the reason and the formatted line) and SMS to the titular's Brazilian mobile
numbers on file (the prompt nudge: the invoice is unpaid and late fees run; an e-mail may
sit unread past the payable period).
Once per request and destination, whatever re-imports happen; only while the invoice is
still open (one paid by other means meanwhile needs no notice).

In order: the code's message is written `held` with the reason's and becomes pending only
when the reason's was sent (`after_send`, called by the dispatcher in the same commit), so
it can neither overtake it nor be swept out before it; if the reason's message is not sent
(failed, skipped), the code's is skipped too.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from models import (
    Consumer,
    DebitRequest,
    Delivery,
    DeliveryKind,
    DeliveryMedium,
    DeliveryStatus,
    Enrollment,
    EnrollmentMedium,
    Invoice,
    InvoiceStatus,
    Unit,
    utcnow,
)
from services import settings
from services.core.batches import chunks
from services.delivery.debit_notice_texts import notice_texts
from services.delivery.deliveries import insert_pending, record_event
from services.settings import Settings

log = logging.getLogger(__name__)
MOBILE_PREFIX = "+55"
CHUNK = 1000
KEY = "debit-failed:"  # dedupe key: debit-failed:<request>:<destination>:<part>
AFTER_PREVIOUS = "aguarda o envio da mensagem anterior (o motivo do débito não realizado)"
PREVIOUS_NOT_SENT = "a mensagem anterior (o motivo do débito não realizado) não foi enviada"


Enrolled = dict[tuple[int, EnrollmentMedium], list[str]]


def _enrolled(session: Session, unit_ids: set[int]) -> Enrolled:
    """The UCs' enrolled destinations by (unit, medium), oldest first: one query for all."""
    found: Enrolled = defaultdict(list)
    rows = session.execute(
        select(Enrollment.unit_id, Enrollment.medium, Enrollment.destination)
        .where(Enrollment.unit_id.in_(unit_ids))
        .order_by(Enrollment.id)
    )
    for unit_id, medium, destination in rows:
        found[(unit_id, medium)].append(destination)
    return found


def destinations(
    invoice: Invoice, enrolled: Enrolled, values: Settings
) -> list[tuple[DeliveryMedium, str]]:
    """(medium, destination) pairs this UC's consumer is told on."""
    if values.channel_product_enabled:
        numbers = enrolled.get((invoice.unit_id, EnrollmentMedium.WHATSAPP), [])
        if numbers:
            return [(DeliveryMedium.WHATSAPP, n) for n in numbers]
    addresses = enrolled.get((invoice.unit_id, EnrollmentMedium.EMAIL), [])
    phones = [p.phone for p in invoice.unit.consumer.phones if _mobile(p.phone)]
    return [(DeliveryMedium.EMAIL, a) for a in addresses] + [
        (DeliveryMedium.SMS, p) for p in phones
    ]


def _mobile(phone: str) -> bool:
    """A Brazilian mobile in E.164 (+55 DD 9XXXXXXXX)."""
    return phone.startswith(MOBILE_PREFIX) and len(phone) == 14 and phone[5] == "9"


def notify_failed(session: Session, request_ids: Iterable[int], today: date) -> list[int]:
    """Create the failure notices (committed); returns the ids to enqueue (first messages).
    A chunk at a time: a bank down for the day may fail every debit of a file."""
    values = settings.load(session)
    created: list[int] = []
    for chunk in chunks(request_ids, CHUNK):
        requests, enrolled = _load(session, chunk)
        for request in requests:
            created += _notify(session, request, destinations(request.invoice, enrolled, values),
                               values, today)  # fmt: skip
    return created


def _load(session: Session, ids: list[int]) -> tuple[list[DebitRequest], Enrolled]:
    """These requests with their invoice, UC, titular and phones, and the UCs' enrolments,
    in three queries."""
    requests = session.scalars(
        select(DebitRequest)
        .where(DebitRequest.id.in_(ids))
        .options(
            joinedload(DebitRequest.invoice)
            .joinedload(Invoice.unit)
            .joinedload(Unit.consumer)
            .selectinload(Consumer.phones)
        )
    ).all()
    return list(requests), _enrolled(session, {r.invoice.unit_id for r in requests})


def _notify(
    session: Session,
    request: DebitRequest,
    targets: list[tuple[DeliveryMedium, str]],
    values: Settings,
    today: date,
) -> list[int]:
    """One failed request told to each destination (not when paid meanwhile)."""
    if request.invoice.status is not InvoiceStatus.OPEN:
        log.info("failed debit of invoice %d: paid meanwhile, no notice", request.invoice_id)
        return []
    if not targets:
        log.warning("failed debit of invoice %d: no number to tell", request.invoice_id)
    created = []
    for medium, destination in targets:
        texts = notice_texts(request, values, today, medium)
        first = _create(session, request, medium, destination, texts)
        if first is not None:
            created.append(first)
    return created


def _create(
    session: Session,
    request: DebitRequest,
    medium: DeliveryMedium,
    destination: str,
    texts: list[str],
) -> int | None:
    """One destination's messages in one commit: the first pending, the rest held; None
    when they exist already."""
    key = f"{KEY}{request.id}:{destination}"
    if session.scalar(select(Delivery.id).where(Delivery.dedupe_key == f"{key}:1")):
        return None
    ids = []
    try:
        for part, text in enumerate(texts, start=1):
            held = {"status": DeliveryStatus.HELD, "reason": AFTER_PREVIOUS} if part > 1 else {}
            ids.append(
                insert_pending(
                    session, dedupe_key=f"{key}:{part}", medium=medium, destination=destination,
                    kind=DeliveryKind.TEXT, body=text, unit_id=request.invoice.unit_id,
                    requested_by="debit-return", **held,
                )
            )  # fmt: skip
        session.commit()
    except IntegrityError:  # another import of the same file told them meanwhile
        session.rollback()
        return None
    return ids[0]


def after_send(session: Session, delivery: Delivery, sent: bool) -> list[int]:
    """After a notice's message: release the next one (sent) or skip it (not sent); returns
    the ids to send next, in order (the caller commits)."""
    if not delivery.dedupe_key.startswith(KEY):
        return []
    head, _, part = delivery.dedupe_key.rpartition(":")
    if not part.isdigit():
        return []
    values = {"status": DeliveryStatus.PENDING, "reason": None}
    if not sent:
        values = {"status": DeliveryStatus.SKIPPED, "reason": PREVIOUS_NOT_SENT}
    following = list(
        session.execute(
            update(Delivery)
            .where(
                Delivery.dedupe_key == f"{head}:{int(part) + 1}",
                Delivery.status == DeliveryStatus.HELD,
            )
            .values(**values, updated_at=utcnow())
            .returning(Delivery.id)
            .execution_options(synchronize_session=False)
        ).scalars()
    )
    for delivery_id in following:
        record_event(session, delivery_id, values["status"].value, reason=values["reason"])
    return following if sent else []
