"""What the bot and the admin read about hand-offs and protocols."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.types import ProtocolInfo
from models import Handoff, OutageReport
from services.core.clock import LOCAL_TZ

SHOWN = 5
RECENT = 30


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


def waiting(session: Session) -> list[Handoff]:
    """The open hand-offs, the one waiting longest first."""
    return list(
        session.scalars(
            select(Handoff)
            .where(Handoff.handled_at.is_(None))
            .options(selectinload(Handoff.unit))
            .order_by(Handoff.created_at, Handoff.id)
        )
    )


def recently_closed(session: Session, limit: int = RECENT) -> list[Handoff]:
    """The hand-offs closed last, newest first."""
    return list(
        session.scalars(
            select(Handoff)
            .where(Handoff.handled_at.is_not(None))
            .options(selectinload(Handoff.unit))
            .order_by(Handoff.handled_at.desc())
            .limit(limit)
        )
    )


def by_protocol(session: Session, number: str) -> Handoff | OutageReport | None:
    """The hand-off or outage report with this protocol number (digits only), or None."""
    digits = "".join(c for c in number if c.isascii() and c.isdigit())[:20]
    if not digits:
        return None
    handoff = session.scalar(select(Handoff).where(Handoff.protocol == digits))
    if handoff is not None:
        return handoff
    return session.scalar(select(OutageReport).where(OutageReport.protocol == digits))
