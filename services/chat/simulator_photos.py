"""Photos the chat simulator sends, kept only until the worker reads them.

How it works: the simulator page uploads a PNG or JPEG (at most MAX_BYTES, the same limit as
Twilio media; its type sniffed from the bytes by Pillow, never taken from the browser). The
bytes are held by the job queue (services.core.job_queue: in Redis, which every worker
process reads, or in the memory of the process whose thread runs the jobs) for at most
HOLD_FOR, never on disk, under a key derived from a random, unguessable token and the
uploader's login. The simulator then posts an inbound image to the webhook whose `MediaUrl0`
is `<PUBLIC_BASE_URL>/simulator/foto/<token>`. No route serves that address: it only names
the upload.

The photo reading (services.chat.photo_read) takes the bytes from here instead of Twilio only
for a simulated message, and only the uploader's (the key needs their login); then the same
size limit and decode apply. A real consumer's message naming such an address goes to
`fetch_media`, which refuses any host but Twilio's API, so it is never read from here. The
upload goes as it is read; one the bot did not queue for reading is dropped by the simulator
at once, and one whose reading was lost expires after HOLD_FOR.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import secrets
from datetime import timedelta

from PIL import Image, UnidentifiedImageError

from channels.twilio_media import MAX_BYTES, MediaRefused
from services.core.runtime import Runtime

log = logging.getLogger(__name__)
PATH = "/simulator/foto/"
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
# A reading takes seconds; a photo still unread after this was lost (and would be answered
# as unavailable by then anyway: services.chat.photo_read.GIVE_UP_AFTER).
HOLD_FOR = timedelta(hours=1)


class UploadRefused(Exception):
    """The upload is not kept: too big, or not a PNG or JPEG."""

    def __init__(self, code: str) -> None:
        """`code`: `too_big` or `not_image`, the simulator's error code."""
        super().__init__(code)
        self.code = code


def sniff(data: bytes) -> str | None:
    """The upload's content type from its bytes (PNG or JPEG), or None for anything else."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            found = image.format
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return TYPES.get(found or "")


def _key(token: str, owner: str) -> str:
    """The held bytes' key: only the token together with the uploader's login finds them."""
    return "simulador:" + hashlib.sha256(f"{owner}\n{token}".encode()).hexdigest()


def keep(runtime: Runtime, data: bytes, owner: str) -> tuple[str, str]:
    """Hold an upload of `owner`; returns its address (for MediaUrl0) and content type."""
    if len(data) > MAX_BYTES:
        raise UploadRefused("too_big")
    content_type = sniff(data)
    if content_type is None:
        raise UploadRefused("not_image")
    token = secrets.token_urlsafe(32)
    runtime.queue.hold(_key(token, owner), data, int(HOLD_FOR.total_seconds()))
    log.info("simulator photo held (%d bytes, %s)", len(data), content_type)
    return runtime.config.public_base_url + PATH + token, content_type


def token_of(runtime: Runtime, url: str) -> str | None:
    """The token when `url` is the address of a simulator upload, else None."""
    prefix = runtime.config.public_base_url + PATH
    token = url[len(prefix) :] if url.startswith(prefix) else ""
    return token if TOKEN.fullmatch(token) else None


def take(runtime: Runtime, url: str, owner: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The upload's bytes, gone once read; MediaRefused when there are none for this token
    and uploader (read already, expired, someone else's) or they are over `max_bytes`."""
    token = token_of(runtime, url)
    if token is None:
        raise MediaRefused("not a simulator photo address")
    data = runtime.queue.take(_key(token, owner))
    if data is None:
        raise MediaRefused("no simulator photo under this address for this sender")
    if len(data) > max_bytes:
        raise MediaRefused("simulator photo over the size limit")
    return data


def discard(runtime: Runtime, url: str, owner: str) -> None:
    """Drop an upload that will not be read (the bot did not queue it)."""
    token = token_of(runtime, url)
    if token is not None:
        runtime.queue.take(_key(token, owner))
