"""What the chat keeps of free text the bot handled: outage reports and the messages it could
not place (counted per normalised text), written inside the message's transaction.

Texts are kept redacted, never as written: put on one line of printable characters, then
the log patterns (CPF/CNPJ, phones, e-mails), then any run of MIN_DIGITS or more digits (a
landline, a CEP, an account or card number) hidden, then cut to MAX_CHARS. The count of a
text is one INSERT … ON CONFLICT DO UPDATE, so messages arriving at the same moment on
several workers each add exactly one.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import OutageReport, UnrecognizedMessage
from services.core.logging_setup import redact

log = logging.getLogger(__name__)

MAX_CHARS = 500
MIN_DIGITS = 8
GUESS_CHARS = 40
_READ_CHARS = 4 * MAX_CHARS  # redacted whole, so a cut never leaves half a CPF in clear
_DIGIT_RUN = re.compile(rf"\d(?:[\s.-]?\d){{{MIN_DIGITS - 1},}}")  # not "/": dates stay
_NOT_WORD = re.compile(r"[^\w<>]+")
_NOT_NAME = re.compile(r"[^\w.-]+")  # an intent name is an identifier
_TABLE = UnrecognizedMessage.__table__


def stored_text(text: str) -> str:
    """The text as these tables keep it: on one line of printable characters (no control or
    invisible marks to hide digits from the patterns or upset a page or the YAML export),
    redacted, long digit runs hidden, cut to MAX_CHARS."""
    printable = "".join(c if c.isprintable() else " " for c in text[:_READ_CHARS])
    redacted = _DIGIT_RUN.sub("<number>", redact(printable))
    return " ".join(redacted.split())[:MAX_CHARS]


def text_key(stored: str) -> str:
    """The stored text normalised so that case, accents, punctuation and spacing do not
    split one message into several rows ("Cadê a LUZ?!" and "cade a luz" are one)."""
    plain = unicodedata.normalize("NFKD", stored.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain).split())[:MAX_CHARS]


def basis_points(confidence: float) -> int:
    """A 0-1 probability as whole basis points, clamped (NaN counts as 0)."""
    if math.isnan(confidence):
        return 0
    return round(min(max(confidence, 0.0), 1.0) * 10000)


_ADD_OUTAGE = insert(OutageReport.__table__)


def record_outage(
    session: Session,
    channel: str,
    phone: str,
    uc: str | None,
    text: str,
    inbound_id: int | None,
    now: datetime,
    protocol: str | None = None,
) -> None:
    """Add one outage report (the caller's transaction commits it with the message); a Core
    INSERT, not an ORM object, so the message's next statement has no flush to run (the
    storm's commonest message: bench/storm_profile.py)."""
    row = {"protocol": protocol, "channel": channel, "phone": phone, "uc": uc,
           "text": stored_text(text), "inbound_message_id": inbound_id,
           "created_at": now}  # fmt: skip
    session.execute(_ADD_OUTAGE, row)
    log.info("outage reported on %s (inbound message %s)", channel, inbound_id)


def record_unrecognized(
    session: Session, text: str, guess: str, confidence: float, now: datetime
) -> None:
    """Count one more sighting of the text (a new row the first time), with the latest guess."""
    sample = stored_text(text)
    key = text_key(sample)
    if not key:  # nothing but spaces or punctuation: nothing to learn from
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(_TABLE).values(
        text_key=key,
        text=sample,
        count=1,
        first_seen=now,
        last_seen=now,
        last_guess=_NOT_NAME.sub("", guess)[:GUESS_CHARS],
        last_confidence_bp=basis_points(confidence),
    )
    fresh = insert.excluded
    session.execute(
        insert.on_conflict_do_update(
            index_elements=[_TABLE.c.text_key],
            set_={
                "count": _TABLE.c.count + 1,
                "last_seen": fresh.last_seen,
                "last_guess": fresh.last_guess,
                "last_confidence_bp": fresh.last_confidence_bp,
            },
        )
    )
