"""B records of a bank's return: opt-ins create or move a UC's enrolment (one per UC: an
opt-in at another bank moves it), opt-outs at that bank deactivate it. A UC is found by the
identification the bank knows, else by its number; an unknown one is counted and logged,
never guessed at. Applied in file order, a chunk of 1,000 at a time with three look-ups per
chunk (enrolments by the bank's id, UCs by number, enrolments by UC) rather than per record,
so a bank's first return after an agreement (every opt-in at once) reads in seconds."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from billing.debit_layout import OptionRecord
from models import DebitEnrollment, Unit
from services.core.batches import chunks

log = logging.getLogger(__name__)
CHUNK = 1000


@dataclass
class OptionCounts:
    """What the B records did."""

    opt_ins: int = 0
    opt_outs: int = 0
    unknown_ucs: int = 0


@dataclass
class _Known:
    """A chunk's enrolments and UCs, kept current as its records are applied."""

    by_company: dict[str, DebitEnrollment]
    by_unit: dict[int, DebitEnrollment]
    units: dict[str, Unit]


def apply_options(session: Session, options: Sequence[OptionRecord], bank: str) -> OptionCounts:
    """Apply the B records in file order (flushed, not committed)."""
    counts = OptionCounts()
    for chunk in chunks(options, CHUNK):
        known = _look_up(session, {option.company_id for option in chunk})
        for option in chunk:
            _apply(session, known, option, bank, counts)
        session.flush()
    return counts


def _look_up(session: Session, ids: set[str]) -> _Known:
    """The enrolments and UCs these ids may name, in three queries."""
    enrolled = session.scalars(
        select(DebitEnrollment)
        .options(joinedload(DebitEnrollment.unit))
        .where(DebitEnrollment.company_id.in_(ids))
    ).all()
    units = {unit.uc: unit for unit in session.scalars(select(Unit).where(Unit.uc.in_(ids)))}
    unit_ids = {unit.id for unit in units.values()}
    by_unit = {
        e.unit_id: e
        for e in session.scalars(
            select(DebitEnrollment).where(DebitEnrollment.unit_id.in_(unit_ids))
        )
    }
    by_unit.update({e.unit_id: e for e in enrolled})
    return _Known({e.company_id: e for e in enrolled}, by_unit, units)


def _apply(
    session: Session, known: _Known, option: OptionRecord, bank: str, counts: OptionCounts
) -> None:
    """One B record."""
    enrollment = known.by_company.get(option.company_id)
    unit = enrollment.unit if enrollment else known.units.get(option.company_id)
    if unit is None:
        counts.unknown_ucs += 1
        log.warning("debit option for an unknown UC (line %d)", option.line)
        return
    enrollment = enrollment or known.by_unit.get(unit.id)
    if option.opt_in:
        if enrollment is not None and known.by_company.get(enrollment.company_id) is enrollment:
            del known.by_company[enrollment.company_id]  # it is known by the new id now
        enrollment = _opt_in(session, enrollment, unit, option, bank)
        known.by_company[option.company_id] = known.by_unit[unit.id] = enrollment
        counts.opt_ins += 1
    elif enrollment is not None and enrollment.bank_code == bank:
        enrollment.active = False
        enrollment.cancelled_on = option.option_date
        counts.opt_outs += 1


def _opt_in(
    session: Session,
    enrollment: DebitEnrollment | None,
    unit: Unit,
    option: OptionRecord,
    bank: str,
) -> DebitEnrollment:
    """Create the UC's enrolment or move it to this bank and account."""
    if enrollment is None:
        enrollment = DebitEnrollment(unit=unit, company_id=option.company_id)
        session.add(enrollment)
    enrollment.bank_code = bank
    enrollment.agency = option.agency
    enrollment.account = option.account
    enrollment.company_id = option.company_id
    enrollment.active = True
    enrollment.opted_on = option.option_date
    enrollment.cancelled_on = None
    return enrollment
