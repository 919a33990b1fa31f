"""2ª via: a UC's invoices by competência; print, or send the invoice or just the barra.

As in the ERP's own screen, sending asks for confirmation first. The confirmation carries a
fresh request id, so a double click sends once; what is sent appears in Envios.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from admin.blueprint import bp, get_or_404
from admin.destination_tokens import known_destinations, resolve
from admin.security import actor
from billing.competence import parse_reference
from models import AuditLog, DeliveryKind, DeliveryMedium, Invoice, unit_by_uc, utcnow
from services import settings
from services.collection.payment_view import holding_plan
from services.core.runtime import current, db_session
from services.delivery import staff_copies
from services.delivery.staff_copies import CopyRefused, CopyRequest
from services.documents.documents import ensure_document
from workers.jobs import enqueue_deliveries

KINDS = {"segunda_via": DeliveryKind.SECOND_COPY, "barra": DeliveryKind.PAYMENT_SLIP}


@bp.get("/segunda-via")
def segunda_via() -> Any:
    """Search by UC (and competência) and list the invoices, newest first."""
    uc = request.args.get("uc", "").strip()
    competencia = request.args.get("competencia", "").strip()
    db = db_session()
    unit = unit_by_uc(db, uc)
    reference = parse_reference(competencia) if competencia else None
    error = None
    if uc and unit is None:
        error = f"UC {uc} não encontrada."
    elif competencia and reference is None:
        error = "Competência deve ser mm/aaaa, por exemplo 10/2026."
    invoices = []
    if unit is not None and error is None:
        query = select(Invoice).where(Invoice.unit_id == unit.id)
        if reference:
            query = query.where(Invoice.reference == reference)
        invoices = db.scalars(query.order_by(Invoice.reference.desc(), Invoice.id.desc()).limit(24))
    invoices = list(invoices)
    page = render_template(
        "admin/segunda_via.html",
        uc=uc,
        competencia=competencia,
        unit=unit,
        invoices=invoices,
        plans={i.id: holding_plan(i) for i in invoices},
        error=error,
        with_competencia=True,
    )
    return page, 404 if error and unit is None and uc else 200


def _detail(invoice: Invoice, status: int = 200, **extra: Any) -> Any:
    """The invoice's page: print links and the send forms."""
    db = db_session()
    values = settings.load(db)
    page = render_template(
        "admin/segunda_via_fatura.html",
        invoice=invoice,
        known=known_destinations(db, invoice.unit),
        whatsapp=values.channel_product_enabled,
        slip_refusal=staff_copies.refusal(invoice, DeliveryKind.PAYMENT_SLIP, values, utcnow()),
        **extra,
    )
    return page, status


@bp.get("/segunda-via/<int:invoice_id>")
def segunda_via_fatura(invoice_id: int) -> Any:
    """One invoice: 2ª via and Barra, each with its media."""
    return _detail(get_or_404(Invoice, invoice_id))


@bp.get("/segunda-via/<int:invoice_id>/imprimir/<action>")
def segunda_via_imprimir(invoice_id: int, action: str) -> Any:
    """The PDF to print (2ª via or barra), rendered now if it is not cached."""
    kind = KINDS.get(action)
    if kind is None:
        abort(404)
    invoice = get_or_404(Invoice, invoice_id)
    db = db_session()
    document = ensure_document(db, invoice.id, kind, current().storage, utcnow())
    db.add(
        AuditLog(
            actor=actor(),
            action="copy.print",
            entity="invoice",
            entity_id=str(invoice.id),
            detail={"kind": kind.value},
        )
    )
    db.commit()
    response = Response(document.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


def _request(invoice: Invoice, request_id: str) -> CopyRequest:
    """The send request the form describes; CopyRefused when a field is wrong."""
    form = request.form
    kind = KINDS.get(form.get("action", ""))
    try:
        medium = DeliveryMedium(form.get("medium", ""))
    except ValueError:
        raise CopyRefused("escolha o meio de envio") from None
    if kind is None:
        raise CopyRefused("escolha 2ª via ou barra")
    destination = resolve(
        db_session(), invoice.unit, form.get("known", ""), form.get("destination", "")
    )
    if not destination:
        raise CopyRefused("informe o e-mail ou celular de destino")
    return CopyRequest(invoice.id, kind, medium, destination, request_id, actor())


@bp.post("/segunda-via/<int:invoice_id>/confirmar")
def segunda_via_confirmar(invoice_id: int) -> Any:
    """Check the request and ask for confirmation (nothing is sent yet)."""
    invoice = get_or_404(Invoice, invoice_id)
    try:
        copy = _request(invoice, uuid.uuid4().hex)
        destination, _ = staff_copies.validate(invoice, copy, settings.load(db_session()), utcnow())
    except CopyRefused as exc:
        return _detail(invoice, 422, error=str(exc), form=request.form)
    return render_template(
        "admin/segunda_via_confirmar.html",
        invoice=invoice,
        copy=copy,
        shown=destination,
        form=request.form,
    )


@bp.post("/segunda-via/<int:invoice_id>/enviar")
def segunda_via_enviar(invoice_id: int) -> Any:
    """Send what was confirmed (once per confirmation) and show it in Envios."""
    invoice = get_or_404(Invoice, invoice_id)
    request_id = request.form.get("request_id", "")
    if not re.fullmatch(r"[0-9a-f]{32}", request_id):
        abort(400)
    db = db_session()
    try:
        copy = _request(invoice, request_id)
        ids = staff_copies.send(db, invoice, copy, settings.load(db), utcnow())
    except CopyRefused as exc:
        return _detail(invoice, 422, error=str(exc), form=request.form)
    enqueue_deliveries(current().queue, ids)
    flash("Envio registrado: acompanhe abaixo.", "ok")
    return redirect(url_for("admin.envios", uc=invoice.unit.uc))
