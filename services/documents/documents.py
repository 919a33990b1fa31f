"""Invoice documents (DANF3e first/second copy, payment slip): rendered once, then served from
storage. The cache key is the invoice's data version, the template version, the copy kind and
a fingerprint of the settings and payment state the page shows (so a code that stops being
payable, or a changed parameter, gives a new document).

A cached second copy keeps the "2ª VIA — emitida em" time of its first rendering.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from billing.payment import PaymentCodes, PaymentRefusal
from models import DeliveryKind, Invoice
from services import settings as settings_service
from services.collection.payment_view import payment_view
from services.core.clock import LOCAL_TZ
from services.core.storage import Storage
from services.documents.agreement import plan_context, plan_of
from services.documents.document_context import document_context
from services.documents.render import render_pdf, template_version
from services.settings import Settings

log = logging.getLogger(__name__)

TEMPLATES = {
    DeliveryKind.FIRST_COPY: "danf3e.html",
    DeliveryKind.SECOND_COPY: "danf3e.html",
    DeliveryKind.PAYMENT_SLIP: "slip.html",
    DeliveryKind.AGREEMENT: "agreement.html",
}


class DocumentNotFound(LookupError):
    """No invoice with that id."""


@dataclass(frozen=True)
class Document:
    """A rendered PDF and how it should be named."""

    key: str
    filename: str
    content: bytes
    cached: bool


def filename(invoice: Invoice, kind: DeliveryKind | None = None) -> str:
    """fatura-<uc>-<aaaa-mm>.pdf (acordo-<uc>-<plano>.pdf for an agreement)."""
    if kind is DeliveryKind.AGREEMENT:
        return f"acordo-{invoice.unit.uc}-{invoice.extra.get('installment_plan')}.pdf"
    return f"fatura-{invoice.unit.uc}-{invoice.reference}.pdf"


def cache_key(
    invoice: Invoice,
    kind: DeliveryKind,
    settings: Settings,
    view: PaymentCodes | PaymentRefusal,
) -> str:
    """Same key ⇔ same page: invoice version, templates, kind, settings and payment state."""
    state = view.reason if isinstance(view, PaymentRefusal) else "payable"
    fingerprint = hashlib.sha256(
        json.dumps([settings.as_dict(), state, template_version()], sort_keys=True).encode()
    ).hexdigest()[:12]
    return f"inv{invoice.id}-v{invoice.version}-{kind.value}-{fingerprint}.pdf"


def ensure_document(
    session: Session,
    invoice_id: int,
    kind: DeliveryKind,
    storage: Storage,
    now: datetime,
    settings: Settings | None = None,
) -> Document:
    """The document from storage, rendering and storing it first when it is not there
    (`settings`: the caller's copy, when it has loaded them already)."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise DocumentNotFound(invoice_id)
    settings = settings if settings is not None else settings_service.load(session)
    view = payment_view(invoice, settings, now.astimezone(LOCAL_TZ).date())
    key = cache_key(invoice, kind, settings, view)
    cached = storage.get(key)
    if cached is not None:
        return Document(key, filename(invoice, kind), cached, cached=True)
    second = now if kind is DeliveryKind.SECOND_COPY else None
    context = document_context(
        session, invoice, second_copy_at=second, settings=settings, view=view
    )
    if kind is DeliveryKind.AGREEMENT:
        plan = plan_of(session, invoice)
        if plan is None:
            raise DocumentNotFound(invoice_id)
        context["plan"] = plan_context(session, plan)
    pdf = render_pdf(TEMPLATES[kind], context)
    storage.put(key, pdf)
    log.info("rendered %s of invoice %d (%d bytes)", kind.value, invoice_id, len(pdf))
    return Document(key, filename(invoice, kind), pdf, cached=False)
