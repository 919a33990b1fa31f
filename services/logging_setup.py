"""Logging set-up with a filter that masks CPF/CNPJ, phone numbers and e-mails in every record.

Code already logs ids rather than personal data; this filter is the safety net for what
slips through (an exception message quoting a value, a library's own log line). Digit runs
inside longer tokens (a Twilio SID's hex, a 44-digit barcode) are left alone.
"""

from __future__ import annotations

import logging
import re

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<e-mail>"),
    (re.compile(r"(?<![\w+])\+?55\s?\(?\d{2}\)?\s?9?\d{4}[-\s]?\d{4}(?!\d)"), "<phone>"),
    (re.compile(r"(?<!\d)\d{3}\.\d{3}\.\d{3}-\d{2}(?!\d)"), "<cpf>"),
    (re.compile(r"(?<!\d)\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}(?!\d)"), "<cnpj>"),
    (re.compile(r"(?<![\w.])(\d{11}|\d{14})(?!\w)"), "<document>"),
    (re.compile(r"(?<![\w.])\(?\d{2}\)?\s?9\d{4}-?\d{4}(?!\w)"), "<phone>"),
)


def redact(text: str) -> str:
    """Replace anything shaped like personal data with a placeholder."""
    for pattern, placeholder in PATTERNS:
        text = pattern.sub(placeholder, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message with personal data masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once, redact it, and drop the raw arguments."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.msg, record.args = redact(message), None
        return True


def setup_logging(level: int = logging.INFO) -> None:
    """Configure the root logger once, with the redacting filter on its handlers."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
