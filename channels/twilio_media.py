"""Fetching the media of an inbound message from Twilio: only from the configured Twilio API
host, with the account's credentials, at most MAX_BYTES, within a time-out."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import requests

from channels.base import ChannelError
from config import Config

log = logging.getLogger(__name__)
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 3  # Twilio answers a media URL with a redirect to its storage


class MediaRefused(Exception):
    """The media is not fetched (another host) or not kept (too big, refused by Twilio)."""


def allowed(config: Config, url: str) -> bool:
    """True when `url` is on the configured Twilio API host (scheme and host:port alike)."""
    given, ours = urlsplit(url), urlsplit(config.twilio_api_base_url)
    return (given.scheme, given.netloc) == (ours.scheme, ours.netloc) and bool(given.path)


def fetch_media(config: Config, url: str, *, timeout: float = 10.0,
                max_bytes: int = MAX_BYTES) -> bytes:  # fmt: skip
    """The media's bytes; MediaRefused for another host, a size over `max_bytes` or a 4xx,
    ChannelError (transient) when Twilio cannot be reached or fails."""
    if not allowed(config, url):
        raise MediaRefused("media URL outside the configured Twilio API host")
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    auth = (config.twilio_account_sid or "", config.twilio_auth_token or "")
    try:
        with session.get(url, auth=auth, stream=True, timeout=timeout) as response:
            if 400 <= response.status_code < 500:
                raise MediaRefused(f"Twilio refused the media (HTTP {response.status_code})")
            if response.status_code >= 300:
                raise ChannelError(f"Twilio media unavailable (HTTP {response.status_code})")
            return _read_limited(response, max_bytes)
    except requests.RequestException as exc:
        raise ChannelError(f"Twilio media unreachable ({type(exc).__name__})") from exc


def _read_limited(response: requests.Response, max_bytes: int) -> bytes:
    """The body, refused as soon as it is known to exceed `max_bytes` (header or bytes)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise MediaRefused(f"media of {int(declared)} bytes is over the limit")
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise MediaRefused("media over the size limit")
        chunks.append(chunk)
    return b"".join(chunks)
