"""Twilio delivery status callbacks (POST /webhooks/twilio/status), signed like the inbound ones.

Registered on the inbound webhooks' blueprint when imported (see `app._register_blueprints`).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, request

from api.errors import json_error
from services.core.runtime import db_session
from services.delivery.provider_status import apply_callback
from services.handoff import message_status as handoff_status
from webhooks.twilio import bp, guard

log = logging.getLogger(__name__)
MAX_SID_CHARS = 64


@bp.post("/status")
def status() -> Any:
    """Verify, log the callback on its delivery (or move a hand-off's staff message), move the
    status forward, answer 200 empty."""
    refused = guard()
    if refused is not None:
        return refused
    form = request.form
    sid, word = form.get("MessageSid", "").strip(), form.get("MessageStatus", "").strip()
    if not sid or not word or len(sid) > MAX_SID_CHARS:
        return json_error(400, "bad_request", "MessageSid e MessageStatus são obrigatórios")
    session = db_session()
    delivery = apply_callback(
        session,
        provider_id=sid,
        status=word,
        error_code=form.get("ErrorCode"),
        detail=form.to_dict(flat=True),
    )
    if delivery is None:
        staff = handoff_status.apply_callback(
            session,
            provider_sid=sid,
            status=word,
            error_code=form.get("ErrorCode"),
            message=form.get("ErrorMessage", ""),
        )
        if staff is None:
            log.info("status callback for unknown message %s ignored", sid)
            return Response(status=200)
    session.commit()
    return Response(status=200)
