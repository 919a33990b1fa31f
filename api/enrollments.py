"""The ERP's enrolment API (docs/interfaces.md#erp-api): list, create and delete recipients."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from sqlalchemy import select

from api.blueprint import bp, json_body
from api.errors import json_error
from models import Enrollment, EnrollmentMedium, unit_by_uc
from services.core.runtime import db_session
from services.people import enrollments


def enrollment_json(row: Enrollment, uc: str) -> dict[str, Any]:
    """An enrolment as the contract shows it."""
    return {
        "id": row.id,
        "uc": uc,
        "medium": row.medium.value,
        "destination": row.destination,
        "keep_printed": row.keep_printed,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(),
    }


@bp.get("/units/<uc>/enrollments")
def list_enrollments(uc: str) -> Any:
    """The UC's recipients, oldest first."""
    unit = unit_by_uc(db_session(), uc)
    if unit is None:
        return json_error(404, "not_found", f"UC {uc} não encontrada")
    rows = db_session().scalars(
        select(Enrollment).where(Enrollment.unit_id == unit.id).order_by(Enrollment.id)
    )
    return jsonify({"items": [enrollment_json(row, uc) for row in rows]})


@bp.post("/units/<uc>/enrollments")
def create_enrollment(uc: str) -> Any:
    """Enrol a recipient: 201 created, 200 when it already exists (same UC, medium, destination)."""
    body = json_body()
    if not isinstance(body, dict):
        return body
    unit = unit_by_uc(db_session(), uc)
    if unit is None:
        return json_error(404, "not_found", f"UC {uc} não encontrada")
    medium, destination = body.get("medium"), body.get("destination")
    keep_printed = body.get("keep_printed", False)
    if (
        medium not in ("email", "whatsapp")
        or not isinstance(destination, str)
        or not isinstance(keep_printed, bool)
    ):
        return json_error(
            422,
            "invalid_enrollment",
            "medium deve ser email ou whatsapp, destination um texto e keep_printed true/false",
        )
    session = db_session()
    try:
        row, created = enrollments.enroll(
            session,
            unit,
            EnrollmentMedium(medium),
            destination,
            keep_printed=keep_printed,
            actor="api",
        )
    except enrollments.EnrollmentError as exc:
        session.rollback()
        status = 409 if exc.code == "channel_disabled" else 422
        return json_error(status, exc.code, str(exc))
    session.commit()
    return jsonify(enrollment_json(row, uc)), 201 if created else 200


@bp.delete("/enrollments/<int:enrollment_id>")
def delete_enrollment(enrollment_id: int) -> Any:
    """Remove a recipient; deliveries already made keep their history."""
    session = db_session()
    row = session.get(Enrollment, enrollment_id)
    if row is None:
        return json_error(404, "not_found", f"adesão {enrollment_id} não encontrada")
    enrollments.unenroll(session, row, actor="api")
    session.commit()
    return "", 204
