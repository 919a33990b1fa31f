"""ContentSids of the WhatsApp list pickers and buttons: each template is created once at
Twilio and kept in `whatsapp_content` under the hash of the template; a process keeps what
it looked up in memory, so a warm worker sends without a database round trip."""

from __future__ import annotations

import logging

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from twilio.rest import Client

from channels import twilio_content
from channels.twilio_content import Rendered
from models import WhatsappContent

log = logging.getLogger(__name__)
# (Twilio account and API host, template hash): ContentSid. A ContentSid belongs to one
# account, so another account (or test double) never gets this one's.
_CACHE: dict[tuple[str, str], str] = {}


def sid_for(session: Session, client: Client, account: str, rendered: Rendered) -> str:
    """The ContentSid of the template: from memory, else the table, else created now (a
    race with another worker keeps the first row; the other template stays unused).
    Raises twilio_content.ContentError when it has to be created and cannot."""
    key = (account, rendered.key)
    if (sid := _CACHE.get(key)) is not None:
        return sid
    query = select(WhatsappContent.content_sid).where(WhatsappContent.content_hash == key[1])
    sid = session.scalar(query)
    if sid is None:
        sid = twilio_content.create(client, rendered)
        try:
            session.execute(insert(WhatsappContent).values(content_hash=key[1], content_sid=sid))
            session.commit()
            log.info("content template %s created", key[1][:12])
        except IntegrityError:
            session.rollback()
            sid = session.scalar(query) or sid
    _CACHE[key] = sid
    return sid
