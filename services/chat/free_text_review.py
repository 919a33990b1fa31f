"""What staff read of the chat's free text: outage reports by São Paulo day, the messages the
bot did not understand (most frequent first), their export as training examples, and the
dismissal of the ones reviewed.

The export is YAML a person pastes into the bot's training file after checking each line:
the texts grouped under the classifier's guess, each preceded by a comment with the guess and
its confidence. Texts are already redacted where they are stored (services.chat.free_text),
so nothing here has to mask them again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from itertools import groupby

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import AuditLog, OutageReport, UnrecognizedMessage
from services.core.clock import LOCAL_TZ
from services.core.formats import percent

log = logging.getLogger(__name__)

NO_GUESS = "?"


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first instant of `day` in São Paulo and of the day after (aware, any zone)."""
    start = datetime.combine(day, time.min, tzinfo=LOCAL_TZ)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)


def outages_on(session: Session, day: date) -> int:
    """How many outage reports were made on that São Paulo day."""
    start, end = local_day_bounds(day)
    query = select(func.count()).where(
        OutageReport.created_at >= start, OutageReport.created_at < end
    )
    return session.scalar(query) or 0


def recent_outages(session: Session, limit: int) -> list[OutageReport]:
    """The newest outage reports."""
    query = select(OutageReport).order_by(OutageReport.created_at.desc(), OutageReport.id.desc())
    return list(session.scalars(query.limit(limit)))


def unrecognized(session: Session, limit: int) -> list[UnrecognizedMessage]:
    """The texts not understood, most frequent first (the latest first among equals)."""
    query = select(UnrecognizedMessage).order_by(
        UnrecognizedMessage.count.desc(),
        UnrecognizedMessage.last_seen.desc(),
        UnrecognizedMessage.id,
    )
    return list(session.scalars(query.limit(limit)))


def unrecognized_total(session: Session) -> int:
    """How many distinct texts are waiting for review."""
    return session.scalar(select(func.count()).select_from(UnrecognizedMessage)) or 0


def dismiss(session: Session, ids: Iterable[int], actor: str) -> int:
    """Delete the reviewed texts, one audit entry each (guess and count, never the text);
    commits and returns how many went."""
    wanted = sorted(set(ids))
    rows = session.scalars(
        select(UnrecognizedMessage).where(UnrecognizedMessage.id.in_(wanted))
    ).all()
    for row in rows:
        session.add(
            AuditLog(
                actor=actor,
                action="unrecognized.dismiss",
                entity="unrecognized_message",
                entity_id=str(row.id),
                detail={"count": row.count, "guess": row.last_guess},
            )
        )
    if rows:
        gone = [row.id for row in rows]
        session.execute(delete(UnrecognizedMessage).where(UnrecognizedMessage.id.in_(gone)))
    session.commit()
    log.info("%d unrecognized message(s) dismissed by %s", len(rows), actor)
    return len(rows)


def _guess(row: UnrecognizedMessage) -> str:
    """The guess the export groups a text under ("?" when the classifier had none)."""
    return row.last_guess or NO_GUESS


def training_yaml(rows: Sequence[UnrecognizedMessage], generated_at: datetime) -> str:
    """The texts as YAML list items grouped by guess (groups by name, "?" last; texts most
    frequent first), each under `# intent: <guess> (confidence NN%)`."""
    local = generated_at.astimezone(LOCAL_TZ)
    lines = [
        f"# Mensagens não entendidas, exportadas em {local:%d/%m/%Y %H:%M} ({len(rows)}).",
        "# Confira a intenção de cada uma antes de colar no arquivo de treino.",
    ]
    ordered = sorted(rows, key=lambda r: (_guess(r) == NO_GUESS, _guess(r), -r.count, r.id))
    for _, group in groupby(ordered, key=_guess):
        lines.append("")
        for row in group:
            lines.append(f"# intent: {_guess(row)} (confidence {percent(row.confidence)})")
            lines.append(f"- {json.dumps(row.text, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
