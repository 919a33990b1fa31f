"""Which numbers the chat simulator may write as once real providers are configured.

A number is taken when it is on file for a consumer (exactly, or a mobile with/without its
ninth digit) or when a real person, not the simulator, has written to us from it: writing as
that number would speak for that person, show their invoices and record consent in their name.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ConsumerPhone, InboundMessage
from services.chat.bot_view import number_forms


def taken(session: Session, phone: str) -> bool:
    """True when `phone` (E.164) belongs to a consumer on file or a real correspondent."""
    variants = number_forms(phone)  # a fixed line too: someone may have written from it
    on_file = select(ConsumerPhone.id).where(ConsumerPhone.phone.in_(variants)).limit(1)
    if session.scalar(on_file) is not None:
        return True
    real = (
        select(InboundMessage.id)
        .where(InboundMessage.from_number.in_(variants), InboundMessage.simulated_by.is_(None))
        .limit(1)
    )
    return session.scalar(real) is not None
