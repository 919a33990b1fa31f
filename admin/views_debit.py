"""Débito automático: enrolled UCs, files sent and received with their sequences, counts and
totals; upload of a bank's return file, download of the next debit file; a UC's new
identification at the bank (told in the next D record); sequence changes and reopening a
closed collection day (the allowed user only). Every change is audited by its service."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from flask import Response, abort, flash, g, redirect, render_template, request, url_for

from admin.blueprint import bp
from billing.debit_layout import bank_label
from models import DebitFile
from services.collection import closed_days, debit_admin, sequences
from services.collection.closed_days import NotAllowed
from services.collection.debit_identity import NotEnrolled, change_identification
from services.collection.debit_remessa import NoAgreement, generate
from services.collection.debit_returns import import_debit_return
from services.core.clock import local_today
from services.core.runtime import current, db_session
from services.delivery.debit_notices import notify_failed
from services.delivery.paid_notices import confirm_payments
from workers.jobs import enqueue_deliveries

log = logging.getLogger(__name__)
MAX_UPLOAD = 50 * 1024 * 1024
HERE = "admin.debito_automatico"


@bp.get("/debito-automatico")
def debito_automatico() -> Any:
    """The enrolments, the files and the per-bank sequences."""
    session = db_session()
    return render_template(
        "admin/debito_automatico.html",
        enrollments=debit_admin.enrollments(session),
        files=debit_admin.files(session),
        banks=debit_admin.bank_sequences(session),
        closed=debit_admin.closed_days(session),
        bank_label=bank_label,
        today=local_today().isoformat(),
    )


@bp.post("/debito-automatico/retorno")
def debito_retorno() -> Any:
    """Import an uploaded return file; failures are told to consumers, payments confirmed."""
    upload = request.files.get("arquivo")
    if upload is None or not upload.filename:
        flash("Escolha o arquivo de retorno do banco.", "error")
        return redirect(url_for(HERE))
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        flash("Arquivo grande demais (máximo 50 MB).", "error")
        return redirect(url_for(HERE))
    session = db_session()
    summary = import_debit_return(session, data.decode("latin-1"), upload.filename)
    results = summary.results
    ids = notify_failed(session, results.failed_request_ids, local_today())
    enqueue_deliveries(current().queue, ids + confirm_payments(session, results.paid_ids))
    rejected = summary.status == "rejected"
    flash(" ".join(summary.lines()), "error" if rejected else "ok")
    return redirect(url_for(HERE))


@bp.post("/debito-automatico/arquivo")
def debito_arquivo() -> Any:
    """Write the next debit file of a bank and download it."""
    bank = request.form.get("banco", "")
    try:
        day = date.fromisoformat(request.form.get("data") or local_today().isoformat())
        made = generate(db_session(), bank, day, g.staff.login)
    except ValueError as exc:  # NoAgreement, a bad date
        message = str(exc) if isinstance(exc, NoAgreement) else "Data inválida: use AAAA-MM-DD."
        flash(message[:1].upper() + message[1:] + ".", "error")
        return redirect(url_for(HERE))
    if made is None:
        flash(f"Nada a debitar no {bank_label(bank)} para {day:%d/%m/%Y}.", "ok")
        return redirect(url_for(HERE))
    return _download(made.filename, made.text)


@bp.get("/debito-automatico/arquivo/<int:file_id>")
def debito_arquivo_enviado(file_id: int) -> Any:
    """Download again a debit file sent before."""
    row = db_session().get(DebitFile, file_id)
    if row is None or row.direction != "sent" or row.content is None:
        abort(404)
    return _download(row.filename, row.content)


def _download(filename: str, text: str) -> Response:
    """A file as the bank wants it (ISO-8859-1, CRLF)."""
    return Response(
        text.encode("latin-1", "replace"),
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/debito-automatico/sequencia")
def debito_sequencia() -> Any:
    """Set a bank's last sequence (the allowed user only; audited)."""
    bank = request.form.get("banco", "")
    try:
        sequences.set_last(db_session(), bank, int(request.form.get("ultima", "")), g.staff.login)
    except NotAllowed as exc:
        flash(str(exc), "error")
        return redirect(url_for(HERE))
    except ValueError:
        flash("Sequência inválida: um número de 0 a 999999.", "error")
        return redirect(url_for(HERE))
    flash(f"Sequência do {bank_label(bank)} alterada.", "ok")
    return redirect(url_for(HERE))


@bp.post("/debito-automatico/identificacao")
def debito_identificacao() -> Any:
    """Record a UC's new identification at the bank (sent in the next D record; audited)."""
    uc = request.form.get("uc", "").strip()
    new_id = request.form.get("identificacao", "")
    try:
        changed = change_identification(db_session(), uc, new_id, g.staff.login)
    except (NotEnrolled, ValueError) as exc:
        message = str(exc)
        flash(message[:1].upper() + message[1:] + ".", "error")
        return redirect(url_for(HERE))
    if changed:
        flash(f"Nova identificação da UC {uc} registrada: vai no próximo arquivo do banco.", "ok")
    else:
        flash(f"A UC {uc} já tem essa identificação: nada mudou.", "ok")
    return redirect(url_for(HERE))


@bp.post("/debito-automatico/reabrir-dia")
def debito_reabrir_dia() -> Any:
    """Reopen a closed collection day (the allowed user only; audited)."""
    try:
        day = date.fromisoformat(request.form.get("dia", ""))
    except ValueError:
        flash("Data inválida: use AAAA-MM-DD.", "error")
        return redirect(url_for(HERE))
    try:
        reopened = closed_days.reopen(db_session(), day, g.staff.login)
    except NotAllowed as exc:
        flash(str(exc), "error")
        return redirect(url_for(HERE))
    if reopened:
        flash(f"Arrecadação de {day:%d/%m/%Y} reaberta.", "ok")
    else:
        flash(f"A arrecadação de {day:%d/%m/%Y} não estava fechada.", "error")
    return redirect(url_for(HERE))
