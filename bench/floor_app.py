"""The benchmark's floor: the least a durable webhook must do (verify the Twilio signature,
insert and commit the message row), on the same database and gunicorn configuration."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask, Response, request
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import Database, InboundMessage


def create() -> Flask:
    """A one-route app: /webhooks/twilio/<channel> → 403 or one committed row."""
    app = Flask(__name__)
    db = Database(os.environ["DATABASE_URL"])
    validator = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])
    base = os.environ["PUBLIC_BASE_URL"]

    @app.post("/webhooks/twilio/<channel>")
    def inbound(channel: str) -> Response:
        form = request.form.to_dict(flat=True)
        if not validator.validate(
            base + request.path, form, request.headers.get("X-Twilio-Signature", "")
        ):
            return Response("forbidden", status=403)
        with db.session() as session:
            session.add(
                InboundMessage(
                    provider_message_id=form["MessageSid"],
                    channel=channel,
                    from_number=form["From"].removeprefix("whatsapp:"),
                    to_number=form.get("To"),
                    body=form.get("Body", ""),
                )
            )
            session.commit()
        return Response("<?xml version='1.0' encoding='UTF-8'?><Response />", mimetype="text/xml")

    return app
