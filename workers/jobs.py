"""RQ job functions: thin, take ids only, and let exceptions propagate so the queue retries."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy.orm import Session

from models import utcnow
from services.chat import deferral, photo_read, rest_replies
from services.core import pressure
from services.core.job_queue import JobQueue
from services.core.runtime import Runtime, db_session
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


DRAIN_BUDGET_S = 30.0  # a drain job hands over to a fresh one after this long
DRAIN_BATCH = 50  # numbers read per query
HELD_BACK_SLEEP_S = 0.05
HELD_BACK_MAX_S = 1.0  # held back this long, the job ends and queues again behind others
# A number waiting this long is decided even while the web is behind: a storm that never
# lets up must not keep its first reports unanswered (the web's answers slow a little).
OVERDUE = timedelta(seconds=15)
OVERDUE_PACE_S = 0.1  # while the web is behind, a drain decides an overdue number this often


def drain_id(shard: int) -> str:
    """The job id of a shard's drain (one waits or runs at a time: `enqueue_once`)."""
    return f"drain-deferred-{shard}"


ASK_EVERY_S = 0.1  # a web process asks for a shard's drain at most this often
_asked: dict[int, float] = {}  # shard: when this process last asked


def ask_for_decisions(queue: JobQueue, phone: str) -> None:
    """A message of `phone` was deferred: make sure its shard's drain job waits or runs.

    At most one ask (a Redis SET) per shard every ASK_EVERY_S in this process: in a storm a
    web worker defers hundreds of messages a second. None is left behind: the ask before
    this one was taken by a drain that clears its flag after it started, and every drain
    looks once more ASK_EVERY_S after clearing it (drain_deferred), so it sees this message,
    committed less than ASK_EVERY_S after that ask, or a later ask queues a fresh drain."""
    shard = deferral.shard_of(phone)
    now = time.monotonic()
    if now - _asked.get(shard, -ASK_EVERY_S) < ASK_EVERY_S:
        return
    _asked[shard] = now
    queue.enqueue_once(drain_deferred, shard, job_id=drain_id(shard))


def drain_deferred(shard: int) -> None:
    """Decide the shard's deferred messages, the number waiting longest first, each
    number's oldest first, and send each conversation's REST replies as it is decided; a
    retry decides nothing twice (deferral.decide). While the web is behind it waits
    (services.core.pressure), unless a number has waited OVERDUE; held back a second, it
    ends and a fresh job queues behind the others. Its flag is cleared only at the end, so
    no second drain of the shard runs beside it; what is left or arrived meanwhile goes to
    a fresh job."""
    with job_runtime() as runtime:
        try:
            _drain(runtime, shard, time.monotonic() + DRAIN_BUDGET_S)
        finally:
            runtime.queue.release(drain_id(shard))
        time.sleep(ASK_EVERY_S)  # what a throttled ask left behind is committed by now
        if deferral.waiting_in_shard(db_session(), shard, 1):
            runtime.queue.enqueue_once(drain_deferred, shard, job_id=drain_id(shard))


def _drain(runtime: Runtime, shard: int, until: float) -> None:
    """Decide and answer numbers of the shard until none is left or `until` passes."""
    session = db_session()
    while time.monotonic() < until:
        waiting = deferral.waiting_in_shard(session, shard, DRAIN_BATCH)
        if not waiting:
            return
        for number in waiting:
            if time.monotonic() >= until:
                return
            if number.since < utcnow() - OVERDUE:
                _pace(runtime)
            elif not _wait_for_web(runtime):
                return
            _decide_and_send(runtime, session, number.newest_id)


def _pace(runtime: Runtime) -> None:
    """An overdue number is decided even while the web is behind, but one per drain every
    OVERDUE_PACE_S: back to back, an overdue backlog would take a core from the web at
    once. (bench/storm.py --timeline found the 400 msg/s step's bursts elsewhere, in runs
    of one heavy kind of message: bench/RESULTS.md, session 9.)"""
    if pressure.web_behind(runtime.queue):
        time.sleep(OVERDUE_PACE_S)


def _wait_for_web(runtime: Runtime) -> bool:
    """Wait while the web is behind; False after HELD_BACK_MAX_S (the job should end, so
    the worker's other jobs are not kept waiting behind it)."""
    give_up = time.monotonic() + HELD_BACK_MAX_S
    while pressure.web_behind(runtime.queue):
        if time.monotonic() >= give_up:
            return False
        time.sleep(HELD_BACK_SLEEP_S)
    return True


def _decide_and_send(runtime: Runtime, session: Session, inbound_id: int) -> None:
    """Decide a number's deferred messages up to `inbound_id`, then send its REST replies
    (another worker sending that conversation: a send_replies job retries)."""
    decided = deferral.decide(session, inbound_id, utcnow())
    enqueue_deliveries(runtime.queue, decided.delivery_ids)
    enqueue_handoff_messages(runtime.queue, decided.staff_message_ids)
    try:
        rest_replies.send_held(session, runtime, decided.held, decided.others, utcnow())
    except rest_replies.Busy:
        enqueue_reply_sends(runtime.queue, [inbound_id])


def enqueue_drains(queue: JobQueue, shards: list[int]) -> None:
    """Make sure these shards' drain jobs wait or run (the sweeper's backstop)."""
    for shard in shards:
        queue.enqueue_once(drain_deferred, shard, job_id=drain_id(shard))


def dispatch_deferred() -> None:
    """Kept for jobs queued before the drains (session 8): drain every shard."""
    with job_runtime() as runtime:
        enqueue_drains(runtime.queue, list(range(deferral.SHARDS)))


def decide_deferred(inbound_id: int) -> None:
    """Kept for jobs queued before the drains (session 8): drain every shard (the message's
    number is in one of them)."""
    dispatch_deferred()
