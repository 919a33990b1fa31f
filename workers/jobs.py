"""RQ job functions: thin, take ids only, and let exceptions propagate so the queue retries."""

from __future__ import annotations

from models import utcnow
from services.chat import deferral, photo_read, rest_replies
from services.core.job_queue import JobQueue
from services.core.runtime import db_session
from services.delivery import dispatch
from services.handoff import sending
from workers.context import job_runtime


def send_delivery(delivery_id: int) -> None:
    """Send one delivery if it is still pending; a finished or claimed one is left alone."""
    send_in_order([delivery_id])


def send_in_order(delivery_ids: list[int]) -> None:
    """Send these deliveries one after the other; what one leads to (the code messages after
    a WhatsApp notice) is queued as one more job, so it too goes in order, after it."""
    with job_runtime() as runtime:
        for delivery_id in delivery_ids:
            follow = dispatch.deliver(db_session(), runtime, delivery_id)
            if follow:
                runtime.queue.enqueue(send_in_order, follow, job_id=f"after-{delivery_id}")


def enqueue_deliveries(queue: JobQueue, delivery_ids: list[int]) -> None:
    """Enqueue committed deliveries; the stable job id keeps one queued job per delivery."""
    for delivery_id in delivery_ids:
        queue.enqueue(send_delivery, delivery_id, job_id=f"delivery-{delivery_id}")


def send_handoff_messages(message_ids: list[int]) -> None:
    """Send these staff messages of a hand-off in order; one already sent, held or claimed
    by another job is left alone."""
    with job_runtime() as runtime:
        for message_id in message_ids:
            sending.send(db_session(), runtime, message_id)


def enqueue_handoff_messages(queue: JobQueue, message_ids: list[int]) -> None:
    """Enqueue committed staff messages as one job, so they go in the order given."""
    if message_ids:
        job_id = f"handoff-message-{message_ids[0]}-{len(message_ids)}"
        queue.enqueue(send_handoff_messages, sorted(message_ids), job_id=job_id)


def read_photo(pending_id: int) -> None:
    """Read a photo a consumer sent and answer the chat; then send what it led to."""
    with job_runtime() as runtime:
        follow, replies = photo_read.read_photo(db_session(), runtime, pending_id, utcnow())
        enqueue_reply_sends(runtime.queue, replies)
        enqueue_deliveries(runtime.queue, follow)


def send_replies(inbound_id: int) -> None:
    """Send the REST replies of a message's conversation, in order; a conversation another
    worker is sending raises `Busy`, and the queue tries again."""
    with job_runtime() as runtime:
        rest_replies.send_pending(db_session(), runtime, inbound_id, utcnow())


def enqueue_reply_sends(queue: JobQueue, inbound_ids: list[int]) -> None:
    """Enqueue the sending of committed REST replies (one job per message)."""
    for inbound_id in inbound_ids:
        queue.enqueue(send_replies, inbound_id, job_id=f"replies-{inbound_id}")


def enqueue_photo_reads(queue: JobQueue, pending_ids: list[int]) -> None:
    """Enqueue the reading of committed pending photos (one job per photo)."""
    for pending_id in pending_ids:
        queue.enqueue(read_photo, pending_id, job_id=f"photo-{pending_id}")


DISPATCH_DEFERRED = "dispatch-deferred"


def dispatch_deferred() -> None:
    """Enqueue a decision for every number with deferred messages (the webhook asks for this
    job with `enqueue_once`: one Redis flag per deferred message, not a job each)."""
    with job_runtime() as runtime:
        runtime.queue.release(DISPATCH_DEFERRED)
        newest = deferral.newest_per_number(db_session())
        for inbound_id in newest:
            runtime.queue.enqueue_once(decide_deferred, inbound_id, job_id=f"decide-{inbound_id}")


def ask_for_decisions(queue: JobQueue) -> None:
    """A message was deferred: make sure a dispatch_deferred job is waiting."""
    queue.enqueue_once(dispatch_deferred, job_id=DISPATCH_DEFERRED)


def decide_deferred(inbound_id: int) -> None:
    """Decide a deferred message (and its number's earlier undecided ones, first), then send
    the conversation's REST replies in order; a retry decides nothing twice. Its flag is
    cleared at the end, so a dispatch meanwhile does not queue the same decision again."""
    with job_runtime() as runtime:
        try:
            session = db_session()
            decided = deferral.decide(session, inbound_id, utcnow())
            enqueue_deliveries(runtime.queue, decided.delivery_ids)
            enqueue_handoff_messages(runtime.queue, decided.staff_message_ids)
            rest_replies.send_pending(session, runtime, inbound_id, utcnow())
        finally:
            runtime.queue.release(f"decide-{inbound_id}")


def enqueue_decisions(queue: JobQueue, inbound_ids: list[int]) -> None:
    """Enqueue the decision of committed deferred messages (one job per message)."""
    for inbound_id in inbound_ids:
        queue.enqueue(decide_deferred, inbound_id, job_id=f"decide-{inbound_id}")
