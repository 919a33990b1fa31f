"""Digital-invoice enrolments: validated, one row per UC + medium + destination, audited.

Shared by the bot, the ERP API and the admin page, so all of them accept the same
destinations and refuse WhatsApp while the Channel product is off.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from billing.validation import InvalidValue, mask_destination, normalise_contact
from models import AuditLog, Consent, Enrollment, EnrollmentMedium, Unit
from services import settings


class EnrollmentError(ValueError):
    """An enrolment that cannot be made; `code` is the API's error code."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the machine code beside the pt-BR message."""
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ConsentRecord:
    """What the consumer saw and confirmed in the chat."""

    text: str
    version: str
    channel: str
    phone: str | None
    inbound_message_id: int | None
    simulated_by: str | None = None  # set when typed in the chat simulator: no consent


def normalise_destination(medium: EnrollmentMedium, destination: str) -> str:
    """A validated e-mail or Brazilian mobile (E.164, no `whatsapp:` prefix)."""
    try:
        return normalise_contact(medium.value, destination)
    except InvalidValue as exc:
        raise EnrollmentError("invalid_destination", str(exc)) from None


def _audit(session: Session, actor: str, action: str, row: Enrollment, uc: str) -> None:
    """Record who changed which recipient (the destination masked)."""
    session.add(
        AuditLog(
            actor=actor,
            action=action,
            entity="enrollment",
            entity_id=str(row.id),
            detail={
                "uc": uc,
                "medium": row.medium.value,
                "destination": mask_destination(row.destination),
            },
        )
    )


def enroll(
    session: Session,
    unit: Unit,
    medium: EnrollmentMedium,
    destination: str,
    *,
    keep_printed: bool,
    actor: str,
    consent: ConsentRecord | None = None,
) -> tuple[Enrollment, bool]:
    """Add a recipient (or return the existing row); True when it is new. Caller commits."""
    if medium is EnrollmentMedium.WHATSAPP and not settings.load(session).channel_product_enabled:
        raise EnrollmentError("channel_disabled", "envio por WhatsApp não está disponível")
    destination = normalise_destination(medium, destination)
    existing = session.scalar(
        select(Enrollment).where(
            Enrollment.unit_id == unit.id,
            Enrollment.medium == medium,
            Enrollment.destination == destination,
        )
    )
    if existing is not None:
        return existing, False
    row = Enrollment(
        unit_id=unit.id,
        medium=medium,
        destination=destination,
        keep_printed=keep_printed,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    if consent is not None:
        session.add(
            Consent(
                unit_id=unit.id,
                enrollment_id=row.id,
                channel=consent.channel,
                phone=consent.phone,
                text=consent.text,
                text_version=consent.version,
                inbound_message_id=consent.inbound_message_id,
                simulated_by=consent.simulated_by,
            )
        )
    _audit(session, actor, "enrollment.create", row, unit.uc)
    return row, True


def unenroll(session: Session, row: Enrollment, actor: str) -> None:
    """Remove a recipient; deliveries already made keep their history. Caller commits."""
    _audit(session, actor, "enrollment.delete", row, row.unit.uc)
    session.delete(row)


def unenroll_once(session: Session, row: Enrollment, actor: str) -> bool:
    """Remove a recipient unless someone removed it meanwhile (one DELETE whose row count
    decides, so two requests at once remove and audit it once); True when this call did.
    Caller commits."""
    uc = row.unit.uc
    deleted = session.execute(delete(Enrollment).where(Enrollment.id == row.id)).rowcount
    if deleted != 1:
        return False
    _audit(session, actor, "enrollment.delete", row, uc)
    session.expunge(row)
    return True


def find(
    session: Session, unit: Unit, medium: EnrollmentMedium, destination: str
) -> Enrollment | None:
    """The enrolment of that destination, compared in normalised form."""
    try:
        destination = normalise_destination(medium, destination)
    except EnrollmentError:
        return None
    return session.scalar(
        select(Enrollment).where(
            Enrollment.unit_id == unit.id,
            Enrollment.medium == medium,
            Enrollment.destination == destination,
        )
    )
