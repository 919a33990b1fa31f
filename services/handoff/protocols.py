"""Protocol numbers: the local day (AAAAMMDD) and a six-digit sequence of that day, e.g.
20261129000042. Each is taken with one atomic upsert of the day's counter, so concurrent
hand-offs and outage reports (any worker, any database) never get the same number, and a
number is never given again. On PostgreSQL an outage report's number is taken in its own
statement before its message's transaction (services.chat.bot_effects.protocols_ahead), so
the day's row is never locked while a transaction runs; a message decided again skips it."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import ProtocolSequence
from services.core.clock import LOCAL_TZ

log = logging.getLogger(__name__)
DIGITS = 6  # up to 999,999 a day


def next_protocol(session: Session, now: datetime) -> str:
    """Take the next protocol number of `now`'s local day."""
    day = now.astimezone(LOCAL_TZ).strftime("%Y%m%d")
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = ProtocolSequence.__table__
    statement = (
        insert(table)
        .values(day=day, last=1)
        .on_conflict_do_update(index_elements=["day"], set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )
    number = session.execute(statement).scalar_one()
    return f"{day}{number:0{DIGITS}d}"
