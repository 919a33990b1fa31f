"""Envio digital: who receives a UC's invoices (the ERP's "Cadastro > Envio digital")."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.blueprint import bp, get_or_404
from admin.security import actor
from models import Enrollment, EnrollmentMedium, unit_by_uc
from services import settings
from services.core.runtime import db_session
from services.people import enrollments

ROWS = 3  # destinations one "Novo" can add at once (the ERP adds them line by line)


def _page(uc: str, status: int = 200, **extra: Any) -> Any:
    """The screen: the search box, the UC's recipients and the Novo form."""
    db = db_session()
    unit = unit_by_uc(db, uc)
    rows = []
    if unit is not None:
        rows = db.scalars(
            select(Enrollment).where(Enrollment.unit_id == unit.id).order_by(Enrollment.id)
        ).all()
    page = render_template(
        "admin/envio_digital.html",
        uc=uc,
        unit=unit,
        rows=rows,
        slots=range(ROWS),
        whatsapp=settings.load(db).channel_product_enabled,
        **extra,
    )
    return page, status


@bp.get("/envio-digital")
def envio_digital() -> Any:
    """Search by UC and list its recipients."""
    uc = request.args.get("uc", "").strip()
    if uc and unit_by_uc(db_session(), uc) is None:
        return _page(uc, 404, not_found=True)
    return _page(uc)


def _entries() -> list[tuple[int, str, str]]:
    """The filled lines of the Novo form: (line, medium, destination)."""
    form = request.form
    entries = []
    for slot in range(ROWS):
        destination = form.get(f"destination-{slot}", "").strip()
        if destination:
            entries.append((slot, form.get(f"medium-{slot}", ""), destination))
    return entries


def _check(db: Session, entries: list[tuple[int, str, str]]) -> dict[int, str]:
    """Errors per form line; nothing is saved unless every line is valid."""
    errors = {}
    whatsapp = settings.load(db).channel_product_enabled
    for slot, medium, destination in entries:
        if medium not in ("email", "whatsapp") or (medium == "whatsapp" and not whatsapp):
            errors[slot] = "escolha E-mail" + (" ou WhatsApp" if whatsapp else "")
            continue
        try:
            enrollments.normalise_destination(EnrollmentMedium(medium), destination)
        except enrollments.EnrollmentError as exc:
            errors[slot] = str(exc)
    return errors


@bp.post("/envio-digital/novo")
def envio_digital_novo() -> Any:
    """Add every destination of the form (all or none), with the chosen Tipo de cópia."""
    db = db_session()
    uc = request.form.get("uc", "").strip()
    unit = unit_by_uc(db, uc)
    if unit is None:
        abort(404)
    entries = _entries()
    errors = _check(db, entries)
    if not entries:
        errors[0] = "informe ao menos um e-mail ou celular"
    if errors:
        return _page(uc, 422, errors=errors, form=request.form)
    keep_printed = request.form.get("copy_type") == "printed"
    added = 0
    for _, medium, destination in entries:
        _, created = enrollments.enroll(
            db,
            unit,
            EnrollmentMedium(medium),
            destination,
            keep_printed=keep_printed,
            actor=actor(),
        )
        added += created
    db.commit()
    flash(f"{added} destinatário(s) cadastrado(s) para a UC {uc}.", "ok")
    return redirect(url_for("admin.envio_digital", uc=uc))


@bp.get("/envio-digital/<int:enrollment_id>/excluir")
def envio_digital_excluir(enrollment_id: int) -> Any:
    """Ask for confirmation before removing a recipient."""
    return render_template(
        "admin/envio_digital_excluir.html", row=get_or_404(Enrollment, enrollment_id)
    )


@bp.post("/envio-digital/<int:enrollment_id>/excluir")
def envio_digital_excluir_confirmado(enrollment_id: int) -> Any:
    """Remove the recipient (audited with the staff login); sent invoices keep their history."""
    row = get_or_404(Enrollment, enrollment_id)
    uc = row.unit.uc
    enrollments.unenroll(db_session(), row, actor=actor())
    db_session().commit()
    flash(f"Destinatário removido da UC {uc}.", "ok")
    return redirect(url_for("admin.envio_digital", uc=uc))
