"""The periodic routines, as job functions: the sweeper (every minute), the release of held
first copies (every 15 minutes), the minimum-value settlement (hourly) and the retention
purge (daily). `rq cron workers/cron.py` schedules them on Redis; without Redis, `fatura
serve` runs them on timers."""

from __future__ import annotations

from datetime import timedelta

from models import utcnow
from services.chat import deferral, photo_read, rest_replies
from services.collection import settlement, updated_debt
from services.core.clock import local_today
from services.core.runtime import db_session
from services.delivery import issuance, sweeper
from services.handoff import sweep as handoff_sweep
from services.installments import routine as installment_routine
from services.privacy import retention
from workers.context import job_runtime
from workers.jobs import (
    enqueue_deliveries,
    enqueue_drains,
    enqueue_handoff_messages,
    enqueue_photo_reads,
    enqueue_reply_sends,
)

SCHEDULE = (
    ("sweep", 60),
    ("dispatch_pending", 15 * 60),
    ("settle_minimum", 60 * 60),
    ("close_past_days", 60 * 60),
    ("installments", 60 * 60),
)
CLOSE_DAY_CRON = "59 2 * * *"  # 23:59 in São Paulo (UTC-3, no daylight saving since 2019)
PURGE_CRON = "30 6 * * *"  # 03:30 in São Paulo: the quietest hour
DAY_SECONDS = 24 * 60 * 60  # `fatura serve` purges once a day, counted from its start


def sweep() -> int:
    """Re-enqueue stuck deliveries, staff messages, REST replies and deferred decisions;
    returns how many."""
    with job_runtime() as runtime:
        report = sweeper.sweep(db_session(), utcnow())
        ids = report.requeue + report.recovered
        enqueue_deliveries(runtime.queue, ids)
        staff = handoff_sweep.sweep(db_session(), utcnow())
        enqueue_handoff_messages(runtime.queue, staff)
        replies = rest_replies.stale(db_session(), utcnow())
        enqueue_reply_sends(runtime.queue, replies)
        photos = photo_read.stale(db_session(), utcnow())
        enqueue_photo_reads(runtime.queue, photos)
        undecided = deferral.stale_shards(db_session(), utcnow())
        enqueue_drains(runtime.queue, undecided)
        return len(ids) + len(staff) + len(replies) + len(photos) + len(undecided)


def dispatch_pending() -> int:
    """Send the held first copies of invoices authorised since; returns how many."""
    with job_runtime() as runtime:
        session = db_session()
        ids = issuance.release_held(session)
        session.commit()
        enqueue_deliveries(runtime.queue, ids)
        return len(ids)


def settle_minimum() -> int:
    """Settle open invoices below the minimum value; returns how many."""
    with job_runtime():
        return settlement.settle_below_minimum(db_session(), local_today())


def close_day() -> int:
    """The day close at 23:59: reverse today's unpaid updated-debt invoices."""
    with job_runtime():
        return updated_debt.close_day(db_session(), local_today())


def close_past_days() -> int:
    """Catch up a missed day close (e.g. the process was down at 23:59): due before today."""
    with job_runtime():
        return updated_debt.close_day(db_session(), local_today() - timedelta(days=1))


def installments() -> int:
    """The installment plans' routine (idempotent): lapse, issue, anticipate; the consumer
    is told. Returns how many deliveries it queued."""
    with job_runtime() as runtime:
        report = installment_routine.run_day(db_session(), local_today())
        enqueue_deliveries(runtime.queue, report.deliveries)
        return len(report.deliveries)


def purge() -> int:
    """The retention purge: remove what outlived its retention setting; returns how much."""
    with job_runtime() as runtime:
        return retention.purge(db_session(), runtime.storage, utcnow()).total
