"""Minimum-value settlement: open invoices below `min_settlement_amount` are settled with the
`zero_invoice_agent` (Local pagamento fatura zero); no payment code is ever offered for them."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm import Session

from models import Invoice, InvoiceStatus
from services import settings

log = logging.getLogger(__name__)


def settle_below_minimum(session: Session, today: date) -> int:
    """Settle every open invoice under the minimum; returns how many (commits)."""
    values = settings.load(session)
    minimum = Decimal(values.min_settlement_amount)
    if minimum <= 0:
        return 0
    settled = session.execute(
        update(Invoice)
        .where(Invoice.status == InvoiceStatus.OPEN, Invoice.amount < minimum)
        .values(
            status=InvoiceStatus.SETTLED,
            paid_at=today,
            paid_amount=Decimal("0.00"),
            collection_agent=values.zero_invoice_agent or "QUITACAO VALOR MINIMO",
            version=Invoice.version + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    if settled:
        log.info("settled %d invoices below the minimum of %s", settled, minimum)
    return settled
