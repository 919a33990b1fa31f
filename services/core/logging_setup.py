"""Logging set-up with a filter that masks CPF/CNPJ, phone numbers and e-mails in every record.

Code already logs ids rather than personal data; this filter is the safety net for what
slips through (an exception message quoting a value, a library's own log line). Digit runs
inside longer tokens (a Twilio SID's hex, a 44-digit barcode) are left alone.
"""

from __future__ import annotations

import logging
import re

# Separators people put inside a CPF/CNPJ ("123 456 789 09", "123.456.78909", "123456789-09").
# No "/" (dates) or "," (money) except the CNPJ's own slash after its eighth digit.
_SEP = r"[\s._-]{0,3}"
_CPF = rf"(?:\d{_SEP}){{10}}\d"
_CNPJ = rf"(?:\d{_SEP}){{7}}\d{_SEP}/?{_SEP}(?:\d{_SEP}){{5}}\d"
# A document stands alone or after a "cpf"/"cnpj" label ("cpf12345678909", "CNPJ: …").
_DOCUMENT = re.compile(
    rf"(?:(?<![A-Za-z])(?i:cpf|cnpj)[\s:.#º°=-]{{0,4}}|(?<![\w.]))({_CNPJ}|{_CPF})(?!\w)"
)
# Every pattern is anchored by a look-behind and bounded in length, so redaction time
# grows with the text's length, not its square (an unanchored e-mail pattern rescanned a
# long word from every position).
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"), "<e-mail>"),
    (re.compile(r"(?<![\w+])\+?55\s?\(?\d{2}\)?\s?9?\d{4}[-\s]?\d{4}(?!\d)"), "<phone>"),
    (re.compile(r"(?<![\w.])\(?\d{2}\)?\s?9\d{4}-?\d{4}(?!\w)"), "<phone>"),
)
_DIGIT_OR_AT = re.compile(r"[\d@]")


def _document(match: re.Match[str]) -> str:
    """The placeholder of a CPF (11 digits) or CNPJ (14)."""
    digits = sum(c.isdigit() for c in match.group(1))
    return "<cnpj>" if digits == 14 else "<cpf>"


def redact(text: str) -> str:
    """Replace anything shaped like personal data with a placeholder."""
    if not _DIGIT_OR_AT.search(text):  # most chat messages: nothing to look for
        return text
    text = PATTERNS[0][0].sub(PATTERNS[0][1], text)
    text = PATTERNS[1][0].sub(PATTERNS[1][1], text)
    text = _DOCUMENT.sub(_document, text)
    return PATTERNS[2][0].sub(PATTERNS[2][1], text)


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
    # twilio's HTTP client logs ten INFO lines (request, headers, response) for every REST
    # message: under a storm's REST replies that was log volume and CPU for nothing ours
    # does not already say in one line (channels.twilio_messaging).
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
