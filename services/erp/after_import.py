"""What follows an ERP import or API upsert: first copies of new invoices, held copies of
newly authorised ones released. Shared by `fatura import` and `POST /api/v1/invoices`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.delivery import issuance
from services.erp.importer import ImportReport


def after_import(session: Session, report: ImportReport) -> list[int]:
    """Create and release deliveries, commit; returns the ids to enqueue."""
    pending = issuance.issue(session, report.new_invoice_ids)
    if report.authorised_invoice_ids:
        pending += issuance.release_held(session, report.authorised_invoice_ids)
    session.commit()
    return pending
