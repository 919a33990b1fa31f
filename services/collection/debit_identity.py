"""A UC's identification at the bank changed (the UC was renumbered at the ERP, or staff fix
it): kept as pending until the next debit file tells the bank in a D record, which happens
only while `direct_debit_record_d` is on. Audited."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditLog, DebitEnrollment, unit_by_uc

log = logging.getLogger(__name__)


class NotEnrolled(LookupError):
    """The UC has no automatic debit."""


def change_identification(session: Session, uc: str, new_id: str, actor: str) -> None:
    """Record the UC's new id at the company for the bank (commits)."""
    new_id = new_id.strip()
    if not new_id or len(new_id) > 25 or not new_id.isascii():
        raise ValueError("a identificação deve ter de 1 a 25 caracteres sem acentos")
    unit = unit_by_uc(session, uc)
    enrollment = unit and session.scalar(
        select(DebitEnrollment).where(DebitEnrollment.unit_id == unit.id)
    )
    if not enrollment:
        raise NotEnrolled(f"a UC {uc} não está em débito automático")
    old = enrollment.pending_company_id or enrollment.company_id
    enrollment.pending_company_id = None if new_id == enrollment.company_id else new_id
    session.add(
        AuditLog(
            actor=actor,
            action="debit.identification",
            entity="unit",
            entity_id=uc,
            detail={"old": old, "new": new_id},
        )
    )
    session.commit()
    log.info("automatic-debit identification of a UC changed by %s", actor)
