"""Formatting for replies: months, dates, masks, and the SMS rendering rules."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from billing.validation import mask_destination

SMS_LIMIT = 160
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PUNCTUATION = str.maketrans(
    {"—": "-", "–": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "•": "-"}
)
STATUS_WORDS = {
    "open": "em aberto",
    "paid": "paga",
    "cancelled": "cancelada",
    "settled": "quitada",
    "consolidated": "no débito atualizado",
}


def day(value: date) -> str:
    """A date as dd/mm/aaaa."""
    return value.strftime("%d/%m/%Y")


def kind_label(kind: str) -> str:
    """The invoice kind as a word: energia or outros serviços."""
    return "energia" if kind == "energy" else "outros serviços"


def status_word(status: str) -> str:
    """The invoice status in pt-BR."""
    return STATUS_WORDS.get(status, status)


def mask_name(name: str) -> str:
    """A titular's name as first name + '***'."""
    first = name.split()[0] if name.split() else ""
    return f"{first} ***"


def mask_address(address: str) -> str:
    """An address as its first 10 characters + '***'."""
    return f"{address[:10]}***"


def labelled_destination(medium: str, destination: str) -> str:
    """An enrolment destination labelled and masked as everywhere: 'e-mail t***@x.com'."""
    label = "e-mail" if medium == "email" else "WhatsApp"
    return f"{label} {mask_destination(destination)}"


def to_ascii(text: str) -> str:
    """Strip accents and typographic punctuation so the text is plain ASCII (for SMS)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.encode("ascii", "ignore").decode("ascii")


def _pack(parts: list[str], joiner: str, limit: int) -> list[str]:
    """Join parts greedily into chunks of at most `limit` characters."""
    chunks: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{joiner}{part}" if current else part
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def _split_line(line: str, limit: int) -> list[str]:
    """A long line split at sentence ends, and sentences still too long at spaces."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(line):
        pieces.extend(
            _pack(sentence.split(" "), " ", limit) if len(sentence) > limit else [sentence]
        )
    return _pack(pieces, " ", limit)


def split_sms(text: str, limit: int = SMS_LIMIT) -> list[str]:
    """Split a text into messages of at most `limit` characters: lines, sentences, words."""
    if len(text) <= limit:
        return [text]
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(_split_line(line, limit) if len(line) > limit else [line])
    return [m for m in _pack(lines, "\n", limit) if m.strip()]


def render_for_channel(text: str, *, sms: bool) -> list[str]:
    """One reply as the channel sends it: as is on WhatsApp; ASCII and split on SMS."""
    return split_sms(to_ascii(text)) if sms else [text]


def wait_text(minutes: int) -> str:
    """A wait as a person says it: '1 minuto', '15 minutos', '3 horas' (from 2 hours on)."""
    if minutes >= 120:
        return f"{-(-minutes // 60)} horas"
    return "1 minuto" if minutes == 1 else f"{minutes} minutos"
