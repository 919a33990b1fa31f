"""Atendimentos: the hand-offs waiting for a person (oldest first, refreshed by the page's
script from a JSON list), those closed lately, recent conversations, and one conversation
with its transcript (polled too, so a consumer's answer appears without a reload).

Message bodies are stored already redacted (services.chat.conversations.stored_body, and
services.handoff for staff texts), so a CPF, phone or e-mail never appears in full on a
staff page, and no page spends time redacting. Numbers are masked.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import g, jsonify, render_template, url_for
from sqlalchemy import select

from admin import handoff_view as view
from admin.blueprint import bp, get_or_404
from models import Conversation, Handoff, utcnow
from services import settings
from services.core.runtime import current, db_session
from services.handoff import queries, window
from services.handoff.transcript import transcript

RECENT = 30


@bp.get("/atendimentos")
def atendimentos() -> Any:
    """The waiting list (the script keeps it fresh), recently closed hand-offs, recent chats."""
    db, now = db_session(), utcnow()
    chats = db.scalars(
        select(Conversation)
        .where(Conversation.last_inbound_at.is_not(None))
        .order_by(Conversation.last_inbound_at.desc())
        .limit(RECENT)
    ).all()
    return render_template(
        "admin/atendimentos.html",
        waiting=[view.waiting_json(h, now) for h in queries.waiting(db)],
        handled=queries.recently_closed(db, RECENT),
        chats=chats,
    )


@bp.get("/atendimentos/aguardando.json")
def atendimentos_json() -> Any:
    """The waiting list as JSON, the one waiting longest first."""
    now = utcnow()
    rows = [view.waiting_json(h, now) for h in queries.waiting(db_session())]
    return jsonify({"count": len(rows), "waiting": rows})


def _lines(channel: str, phone: str) -> list[dict[str, str]]:
    """The transcript of one number on one channel, as the page draws it."""
    return [view.line_json(line) for line in transcript(db_session(), channel, phone)]


def _conversation(channel: str, phone: str, handoff: Handoff | None, poll: str) -> Any:
    """The conversation page of one number on one channel (with its hand-off, if any)."""
    db, now = db_session(), utcnow()
    extra: dict[str, Any] = {}
    if handoff is not None:
        values = settings.load(db)
        extra = {
            "state": view.state(handoff, g.staff.login, now),
            "offers": view.offers(db, handoff, values, now),
            "request_id": uuid.uuid4().hex,
            "in_window": window.open_for(db, current(), handoff, now),
        }
    return render_template(
        "admin/conversa.html",
        handoff=handoff,
        channel=channel,
        phone=phone,
        lines=_lines(channel, phone),
        poll_url=poll,
        **extra,
    )


@bp.get("/atendimentos/<int:handoff_id>")
def atendimento(handoff_id: int) -> Any:
    """One hand-off with its conversation, and what the staff member may do with it."""
    handoff = get_or_404(Handoff, handoff_id)
    poll = url_for("admin.atendimento_json", handoff_id=handoff.id)
    return _conversation(handoff.channel, handoff.phone, handoff, poll)


@bp.get("/atendimentos/<int:handoff_id>/mensagens.json")
def atendimento_json(handoff_id: int) -> Any:
    """The hand-off's transcript and state, for the page's polling."""
    handoff = get_or_404(Handoff, handoff_id)
    return jsonify(
        {
            "lines": _lines(handoff.channel, handoff.phone),
            "state": view.state(handoff, g.staff.login, utcnow()),
        }
    )


@bp.get("/conversas/<int:conversation_id>")
def conversa(conversation_id: int) -> Any:
    """One number's recent conversation."""
    chat = get_or_404(Conversation, conversation_id)
    poll = url_for("admin.conversa_json", conversation_id=chat.id)
    return _conversation(chat.channel, chat.phone, None, poll)


@bp.get("/conversas/<int:conversation_id>/mensagens.json")
def conversa_json(conversation_id: int) -> Any:
    """One number's transcript, for the page's polling."""
    chat = get_or_404(Conversation, conversation_id)
    return jsonify({"lines": _lines(chat.channel, chat.phone), "state": None})
