"""A UC's identification at the bank changed (the UC was renumbered at the ERP, or staff fix
it): kept as pending until the next debit file tells the bank in a D record, which happens
only while `direct_debit_record_d` is on. Audited."""

from __future__ import annotations

import logging
import re

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import AuditLog, DebitEnrollment, unit_by_uc

log = logging.getLogger(__name__)
# The bank keeps it in a 25-character alphanumeric field of records B, D, E and F.
ALLOWED = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]{0,24}")


class NotEnrolled(LookupError):
    """The UC has no automatic debit."""


def change_identification(session: Session, uc: str, new_id: str, actor: str) -> bool:
    """Record the UC's new id at the company for the bank (staff; commits); False when it
    is the id already known or pending."""
    unit = unit_by_uc(session, uc)
    enrollment = unit and session.scalar(
        select(DebitEnrollment).where(DebitEnrollment.unit_id == unit.id)
    )
    if not enrollment:
        raise NotEnrolled(f"a UC {uc} não está em débito automático")
    changed = stage(session, enrollment, uc, new_id, actor)
    session.commit()
    return changed


def stage(session: Session, enrollment: DebitEnrollment, uc: str, new_id: str, actor: str) -> bool:
    """Keep `new_id` as the enrolment's pending id, audited (the caller commits); False
    when nothing changes (the id is already the known or the pending one)."""
    new_id = new_id.strip()
    if not ALLOWED.fullmatch(new_id):
        raise ValueError(
            "a identificação deve ter de 1 a 25 caracteres: letras sem acentos, números, "
            "ponto, barra ou hífen"
        )
    old = enrollment.pending_company_id or enrollment.company_id
    if new_id == old:
        return False
    if _taken(session, new_id, enrollment.id):
        raise ValueError(f"a identificação {new_id} já é de outra UC em débito automático")
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
    log.info("automatic-debit identification of a UC changed by %s", actor)
    return True


def _taken(session: Session, company_id: str, enrollment_id: int) -> bool:
    """True when another enrolment is known, or is about to be known, by this id: the bank's
    B and F records find a UC by it, so it must name one UC only."""
    return (
        session.scalar(
            select(DebitEnrollment.id).where(
                DebitEnrollment.id != enrollment_id,
                or_(
                    DebitEnrollment.company_id == company_id,
                    DebitEnrollment.pending_company_id == company_id,
                ),
            )
        )
        is not None
    )
