"""Access logs without document links: `/media/<token>`, `/m/<code>` and `/cancelar/<token>`
are bearer links (whoever has one gets the PDF, or cancels an enrolment), so request lines
are logged as `/media/<redacted>` by gunicorn (the logger class of gunicorn.conf.py) and by
werkzeug's development server (`fatura serve`, through `install_werkzeug_filter`).
"""

from __future__ import annotations

import logging
import re

LINK = re.compile(r"/(media|m|cancelar)/[^/?#\s\"']+")
REDACTED = r"/\1/<redacted>"


def redact_links(text: str) -> str:
    """`text` with the token of every document, short or unsubscribe link masked."""
    return LINK.sub(REDACTED, text) if "/" in text else text


class LinkFilter(logging.Filter):
    """Masks links in a record's message and arguments (werkzeug logs the request line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        if isinstance(record.msg, str):
            record.msg = redact_links(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_links(a) if isinstance(a, str) else a for a in record.args)
        return True


def install_werkzeug_filter() -> None:
    """Attach `LinkFilter` once to the `werkzeug` logger (the dev server's request log)."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, LinkFilter) for f in logger.filters):
        logger.addFilter(LinkFilter())
