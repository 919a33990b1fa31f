"""A photo sent to the chat, read in a worker: fetched from Twilio, its codes decoded in
memory, then the conversation continues from that reading as a message of its own (the
engine decides, `handle_inbound` records it once) and the replies go out through the REST
API. The pending row goes once the reading is decided (its replies wait in the message row,
services.chat.rest_replies); the image is never written anywhere. A simulated message's photo
comes from the simulator's uploads instead (services.chat.simulator_photos), deleted as read."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.media_types import PhotoFinding
from channels.base import ChannelError
from channels.twilio_media import MediaRefused, fetch_media
from models import InboundMessage, PendingPhoto
from services.chat import simulator_photos
from services.chat.conversations import InboundRequest, handle_inbound
from services.chat.photo_codes import NotAnImage, finding, symbols
from services.chat.rest_replies import REST
from services.core.runtime import Runtime

log = logging.getLogger(__name__)
SUFFIX = ":foto"  # the reading's message id: the photo's own, so it is decided only once
# A photo Twilio keeps failing to give us is answered as unavailable after this long (the
# queue's retries end after ~3 minutes; the sweeper enqueues it again every STALE_AFTER).
GIVE_UP_AFTER = timedelta(minutes=10)
STALE_AFTER = timedelta(
    minutes=5
)  # the reading's message id: the photo's own, so it is decided only once


def _fetch(runtime: Runtime, url: str, simulated_by: str | None) -> bytes:
    """The photo's bytes: the simulator's upload for a simulated message naming one, Twilio's
    media otherwise (which refuses every other host, the simulator's included)."""
    if simulated_by is not None and simulator_photos.token_of(runtime, url) is not None:
        return simulator_photos.take(runtime, url, simulated_by)
    return fetch_media(runtime.config, url)


def _read(
    session: Session, runtime: Runtime, row: PendingPhoto, simulated_by: str | None, now: datetime
) -> PhotoFinding:
    """What the photo shows; `refused` when it is not fetched or not an image. A transient
    Twilio failure propagates, for the queue (and later the sweeper) to try again, until the
    photo is GIVE_UP_AFTER old: then `unavailable`, answered, and the row goes."""
    try:
        data = _fetch(runtime, row.url, simulated_by)
        texts = symbols(data)
    except (MediaRefused, NotAnImage) as exc:
        log.info("photo %d not read: %s", row.id, exc)
        return PhotoFinding("refused")
    except ChannelError as exc:
        if now - _aware(row.created_at) < GIVE_UP_AFTER:
            raise
        log.warning("photo %d given up after %s: %s", row.id, GIVE_UP_AFTER, exc)
        return PhotoFinding("unavailable")
    del data  # read: nothing of the image is kept
    found = finding(session, texts)
    log.info("photo %d read: %d symbols, %s", row.id, len(texts), found.result)
    return found


def _reading_id(session: Session, message_id: str) -> int | None:
    """The reading's own message row (a retry after the decision was committed)."""
    query = select(InboundMessage.id).where(InboundMessage.provider_message_id == message_id)
    return session.scalar(query)


def read_photo(
    session: Session, runtime: Runtime, pending_id: int, now: datetime
) -> tuple[list[int], list[int]]:
    """Read one pending photo and decide the chat's answer; returns the deliveries (a 2ª via)
    and the message whose replies to send. Nothing to do when it was read already."""
    row = session.get(PendingPhoto, pending_id)
    if row is None:
        return [], []
    photo_message = session.get(InboundMessage, row.inbound_message_id)
    if photo_message is None:
        return [], []
    found = _read(session, runtime, row, photo_message.simulated_by, now)
    request = InboundRequest(
        channel=photo_message.channel,
        message_id=(photo_message.provider_message_id + SUFFIX)[:64],
        phone=photo_message.from_number,
        to=photo_message.to_number,
        body="",
        simulated_by=photo_message.simulated_by,
        photo=found,
        reply_via=REST,
    )
    outcome = handle_inbound(session, request, now)
    session.execute(PendingPhoto.__table__.delete().where(PendingPhoto.id == pending_id))
    session.commit()  # decided and recorded: the replies are in the message row's outbox
    reading = _reading_id(session, request.message_id) if outcome.duplicate else None
    return outcome.delivery_ids, [i for i in (outcome.rest_reply_id or reading,) if i]


def _aware(moment: datetime) -> datetime:
    """A stored time as UTC-aware (SQLite gives it back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stale(session: Session, now: datetime) -> list[int]:
    """Pending photos older than STALE_AFTER (their jobs ran out of retries, or were lost):
    for the sweeper to enqueue again."""
    query = select(PendingPhoto.id).where(PendingPhoto.created_at < now - STALE_AFTER)
    return list(session.scalars(query.order_by(PendingPhoto.id).limit(100)))
