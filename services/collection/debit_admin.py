"""What the staff page "Débito automático" lists: enrolled UCs, files sent and received, the
sequence of each bank with an agreement and the closed collection days."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import ClosedDay, DebitEnrollment, DebitFile
from services import settings
from services.collection import sequences
from services.collection.debit_remessa import agreement_banks

PAGE = 200


def enrollments(session: Session, limit: int = PAGE) -> list[DebitEnrollment]:
    """Enrolments, active first, newest option first."""
    return list(
        session.scalars(
            select(DebitEnrollment)
            .options(joinedload(DebitEnrollment.unit))
            .order_by(DebitEnrollment.active.desc(), DebitEnrollment.opted_on.desc())
            .limit(limit)
        )
    )


def files(session: Session, limit: int = PAGE) -> list[DebitFile]:
    """Files sent, received and rejected, newest first (without their content)."""
    return list(session.scalars(select(DebitFile).order_by(DebitFile.id.desc()).limit(limit)))


def bank_sequences(session: Session) -> list[tuple[str, int]]:
    """(bank, last sequence) for each bank with an agreement."""
    banks = agreement_banks(settings.load(session))
    return [(bank, sequences.last(session, bank)) for bank in banks]


def closed_days(session: Session, limit: int = 30) -> list[ClosedDay]:
    """The last closed collection days, newest first (what may be reopened)."""
    return list(session.scalars(select(ClosedDay).order_by(ClosedDay.day.desc()).limit(limit)))
