"""The periodic routines, as job functions: the sweeper (every minute), the release of held
first copies (every 15 minutes) and the minimum-value settlement (hourly). `rq cron
workers/cron.py` schedules them on Redis; without Redis, `fatura serve` runs them on timers."""

from __future__ import annotations

from models import utcnow
from services import issuance, settlement, sweeper
from services.clock import local_today
from services.runtime import db_session
from workers.context import job_runtime
from workers.jobs import enqueue_deliveries

SCHEDULE = (("sweep", 60), ("dispatch_pending", 15 * 60), ("settle_minimum", 60 * 60))


def sweep() -> int:
    """Re-enqueue stuck deliveries; returns how many were enqueued."""
    with job_runtime() as runtime:
        report = sweeper.sweep(db_session(), utcnow())
        ids = report.requeue + report.recovered
        enqueue_deliveries(runtime.queue, ids)
        return len(ids)


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
