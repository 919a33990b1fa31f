"""Protocol numbers: the local day (AAAAMMDD) and a six-digit sequence of that day, e.g.
20261129000042. Each is taken with one atomic upsert of the day's counter, so concurrent
hand-offs and outage reports (any worker, any database) never get the same number, and a
number is never given again. On PostgreSQL an outage report's number is taken in its own
statement before its message's transaction (services.chat.bot_effects.protocols_ahead), so
the day's row is never locked while a transaction runs; a message decided again skips it."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import ProtocolSequence
from services.core.clock import LOCAL_TZ

log = logging.getLogger(__name__)
DIGITS = 6  # up to 999,999 a day


def _upsert(dialect: str) -> Any:
    """The day's counter, one more (created at 1), RETURNING the number."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = ProtocolSequence.__table__
    return (
        insert(table)
        .values(day=bindparam("b_day"), last=1)
        .on_conflict_do_update(index_elements=["day"], set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )


# Built once per database (a statement object keeps its cache key: building it again for
# every outage report cost more than running it).
_NEXT = {dialect: _upsert(dialect) for dialect in ("postgresql", "sqlite")}


def next_protocol(session: Session, now: datetime) -> str:
    """Take the next protocol number of `now`'s local day."""
    day = now.astimezone(LOCAL_TZ).strftime("%Y%m%d")
    statement = _NEXT[session.get_bind().dialect.name]
    number = session.execute(statement, {"b_day": day}).scalar_one()
    return f"{day}{number:0{DIGITS}d}"
