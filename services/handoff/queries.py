"""What the bot and the admin read about hand-offs and protocols."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.types import ProtocolInfo
from models import Handoff, OutageReport
from services.core.clock import LOCAL_TZ

SHOWN = 5


def _handoff_status(row: Handoff) -> str:
    """open (waiting), taken (a person has it) or closed."""
    if row.handled_at is not None:
        return "closed"
    return "taken" if row.assigned_to else "open"


def protocols_of(session: Session, phones: list[str], now: datetime) -> list[ProtocolInfo]:
    """The last protocols of these forms of one number, newest first: hand-offs with their
    status, outage reports (closed once recorded: the outage channels follow them up)."""
    handoffs = session.scalars(
        select(Handoff)
        .where(Handoff.phone.in_(phones), Handoff.protocol.is_not(None))
        .order_by(Handoff.created_at.desc())
        .limit(SHOWN)
    ).all()
    outages = session.execute(
        select(OutageReport.protocol, OutageReport.created_at)
        .where(OutageReport.phone.in_(phones), OutageReport.protocol.is_not(None))
        .order_by(OutageReport.created_at.desc())
        .limit(SHOWN)
    ).all()
    found = [
        (h.created_at, ProtocolInfo(h.protocol or "", "handoff",
                                    h.created_at.astimezone(LOCAL_TZ).date(), _handoff_status(h)))
        for h in handoffs
    ] + [
        (at, ProtocolInfo(protocol, "outage", at.astimezone(LOCAL_TZ).date(), "closed"))
        for protocol, at in outages
    ]  # fmt: skip
    return [info for _, info in sorted(found, key=lambda pair: pair[0], reverse=True)][:SHOWN]
