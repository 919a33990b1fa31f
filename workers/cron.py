"""`rq cron workers/cron.py`: the schedule of the periodic routines on Redis (Procfile `clock`).

The cron scheduler keeps this schedule in its own memory, so a Redis restart or FLUSHALL
does not lose it: the next tick enqueues the sweeper, which restores pending deliveries.
"""

from rq import cron

from workers import periodic

for name, seconds in periodic.SCHEDULE:
    cron.register(
        getattr(periodic, name), queue_name="default", interval=seconds, name=f"fatura-{name}"
    )

cron.register(
    periodic.close_day, queue_name="default", cron=periodic.CLOSE_DAY_CRON, name="fatura-close-day"
)
# A first purge of a large backlog may take longer than RQ's default 3 minutes; each batch
# commits, so a purge cut short resumes where it stopped the next day.
cron.register(
    periodic.purge,
    queue_name="default",
    cron=periodic.PURGE_CRON,
    job_timeout=3600,
    name="fatura-purge",
)
