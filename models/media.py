"""Rich WhatsApp: photos waiting to be read, and the interactive contents created at Twilio."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class PendingPhoto(Base):
    """A photo a consumer sent, until a worker has read it: only the provider's address of
    it (never the image), deleted once read."""

    __tablename__ = "pending_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_message_id: Mapped[int] = mapped_column(
        ForeignKey("inbound_message.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(500))
    content_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WhatsappContent(Base):
    """A list picker or quick-reply content created once through Twilio's Content API, found
    again by the hash of what it shows."""

    __tablename__ = "whatsapp_content"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content_sid: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
