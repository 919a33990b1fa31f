"""The simulator's photo picker: `POST /simulator/photo` sends a PNG or JPEG as an inbound
image of the simulated conversation (services.chat.simulator_photos says how it is kept and
read). Same gate as every simulator write (staff session and CSRF unless the simulator is
open); the size is checked here, the type sniffed from the bytes."""

from __future__ import annotations

import logging
from typing import Any

from flask import request
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from models import PendingPhoto
from services.chat import simulator_photos
from services.chat.simulator_photos import UploadRefused
from services.core.runtime import current, db_session
from simulator.views import Refused, bp, post_message, sender_login, target

log = logging.getLogger(__name__)
TOO_BIG = "A foto passa de 5 MB. Envie uma foto menor (a câmera do celular em qualidade normal)."
NOT_IMAGE = "Esse arquivo não é uma foto em PNG ou JPEG. Escolha outra."
ERRORS = {"too_big": (413, TOO_BIG), "not_image": (415, NOT_IMAGE)}


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge) -> Any:
    """A photo over the limit gets the photo's answer, as JSON (other requests, the default)."""
    return _refusal("too_big") if request.endpoint == "simulator.photo" else exc


def _refusal(code: str) -> Any:
    """The JSON answer of a refused upload."""
    status, message = ERRORS[code]
    return {"error": code, "message": message}, status


@bp.post("/photo")
def photo() -> Any:
    """Send the uploaded photo as the chosen user; answer with the bot's replies (the
    reading's answer follows through the outbox)."""
    channel, phone = target(request.form)
    upload = request.files.get("photo")
    if upload is None:
        raise Refused(400, "no_photo", "Escolha uma foto.")
    runtime, owner = current(), sender_login()
    data = upload.read(simulator_photos.MAX_BYTES + 1)  # one byte over is enough to refuse
    try:
        url, content_type = simulator_photos.keep(runtime, data, owner)
    except UploadRefused as exc:
        log.info("simulator photo refused: %s", exc.code)
        return _refusal(exc.code)
    media = {"NumMedia": "1", "MediaContentType0": content_type, "MediaUrl0": url}
    try:
        return post_message(channel, phone, "", media)
    finally:
        if not _queued(url):
            simulator_photos.discard(runtime, url, owner)


def _queued(url: str) -> bool:
    """True while a pending photo names the upload (the bot queued it for reading)."""
    query = select(PendingPhoto.id).where(PendingPhoto.url == url).limit(1)
    return db_session().scalar(query) is not None
