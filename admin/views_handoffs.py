"""Atendimentos: consumers who asked for a person, recent conversations and their transcripts.

Message bodies are stored already redacted (services.chat.conversations.stored_body), with the
same patterns as the logs, so a CPF, phone or e-mail the consumer typed never appears in
full on a staff page, and no page spends time redacting.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select

from admin.blueprint import bp, get_or_404
from admin.security import actor
from models import AuditLog, Conversation, Handoff, InboundMessage, utcnow
from services.core.runtime import db_session

TRANSCRIPT = 60  # messages shown, newest last
RECENT = 30


@bp.get("/atendimentos")
def atendimentos() -> Any:
    """Open hand-offs first (oldest first), then recently handled ones and recent chats."""
    db = db_session()
    waiting = db.scalars(
        select(Handoff).where(Handoff.handled_at.is_(None)).order_by(Handoff.created_at)
    ).all()
    handled = db.scalars(
        select(Handoff)
        .where(Handoff.handled_at.is_not(None))
        .order_by(Handoff.handled_at.desc())
        .limit(RECENT)
    ).all()
    chats = db.scalars(
        select(Conversation)
        .where(Conversation.last_inbound_at.is_not(None))
        .order_by(Conversation.last_inbound_at.desc())
        .limit(RECENT)
    ).all()
    return render_template("admin/atendimentos.html", waiting=waiting, handled=handled, chats=chats)


def _transcript(channel: str, phone: str) -> list[InboundMessage]:
    """The last messages of that number on that channel, oldest first."""
    rows = (
        db_session()
        .scalars(
            select(InboundMessage)
            .where(InboundMessage.channel == channel, InboundMessage.from_number == phone)
            .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc())
            .limit(TRANSCRIPT)
        )
        .all()
    )
    return list(reversed(rows))


def _conversation(channel: str, phone: str, handoff: Handoff | None) -> Any:
    """The transcript page of one number on one channel (with its hand-off, if any)."""
    return render_template(
        "admin/conversa.html",
        handoff=handoff,
        channel=channel,
        phone=phone,
        messages=_transcript(channel, phone),
    )


@bp.get("/atendimentos/<int:handoff_id>")
def atendimento(handoff_id: int) -> Any:
    """One hand-off with the conversation that led to it."""
    handoff = get_or_404(Handoff, handoff_id)
    return _conversation(handoff.channel, handoff.phone, handoff)


@bp.get("/conversas/<int:conversation_id>")
def conversa(conversation_id: int) -> Any:
    """One number's recent conversation."""
    chat = get_or_404(Conversation, conversation_id)
    return _conversation(chat.channel, chat.phone, None)


@bp.post("/atendimentos/<int:handoff_id>/atendido")
def atendimento_atendido(handoff_id: int) -> Any:
    """Mark the hand-off handled by this staff member."""
    db = db_session()
    handoff = get_or_404(Handoff, handoff_id)
    if handoff.handled_at is None:
        handoff.handled_at, handoff.handled_by = utcnow(), actor()
        db.add(
            AuditLog(
                actor=actor(), action="handoff.handled", entity="handoff", entity_id=str(handoff.id)
            )
        )
        db.commit()
        flash("Atendimento marcado como atendido.", "ok")
    return redirect(url_for("admin.atendimentos"))
