"""The keyword grammar: case-, accent- and spacing-insensitive commands, and short answers.

Which words are keywords, and of which intent, is declared in the conversation table
(`bot.conversation`); this module only reads a message with that vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from billing.competence import month_and_year, parse_reference
from bot.types import Medium

T = TypeVar("T")
MEDIA: dict[str, Medium] = {
    "EMAIL": "email", "E-MAIL": "email", "WHATSAPP": "whatsapp", "ZAP": "whatsapp",
}  # fmt: skip
PRINTED = {"IMPRESSA", "IMPRESSO"}
_SECOND_COPY = re.compile(r"^(2\s*A?\s*VIA|SEGUNDA\s+VIA)\b")
_UC = re.compile(r"[\d.\-]*\d[\d.\-]*")
_BARE_NUMBER = re.compile(r"[\d\s.\-/()+]*\d[\d\s.\-/()+]*")
_EDGES = re.compile(r"^[^\w@+]+|[^\w@]+$")
YES = {"SIM", "S", "YES", "OK", "CLARO", "QUERO", "CONFIRMO", "ISSO"}
NO = {"NAO", "N", "NO", "NEGATIVO"}


class Keyword(NamedTuple):
    """What a keyword means: the intent it starts, and whether a destination may follow."""

    intent: str
    destination: bool = False  # [UC] EMAIL|WHATSAPP <destination> [IMPRESSA], not [MM/AAAA]


@dataclass(frozen=True)
class Command:
    """One parsed keyword command; `error` names a problem the reply should explain."""

    name: str  # the intent
    uc: str | None = None
    reference: str | None = None  # "AAAA-MM"
    medium: Medium | None = None
    destination: str | None = None  # as typed; validated by the flow
    printed: bool = False
    error: str | None = None  # bad_month
    extra: bool = False  # words the grammar did not take followed the keyword ("oi, quero...")


def fold(text: str) -> str:
    """Upper case, no accents, single spaces: the form keywords are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.upper().split())


def _word(token: str) -> str:
    """A token folded and without surrounding punctuation ('Oi!' -> 'OI')."""
    return _EDGES.sub("", fold(token))


def is_bare_number(text: str) -> bool:
    """True for an answer made only of digits and separators (an option, UC, CPF, phone)."""
    return bool(_BARE_NUMBER.fullmatch(text.strip()))


def digits(text: str) -> str:
    """Only the digits of a text."""
    return "".join(c for c in text if c.isdigit())


def menu_option(text: str) -> int | None:
    """A single-digit answer ('3', '3.', '3)') as an int, else None."""
    word = _word(text.strip())
    return int(word) if len(word) == 1 and word.isdigit() else None


def pick(items: Sequence[T], answer: str) -> T | None:
    """The item numbered `answer` in a list shown from 1 ('2', ' 2.', '02'), else None."""
    number = digits(answer) if is_bare_number(answer) else ""
    if not number or not 1 <= int(number) <= len(items):
        return None
    return items[int(number) - 1]


def yes_no(text: str) -> bool | None:
    """True for sim, False for não, None for anything else."""
    word = _word(text.split()[0]) if text.split() else ""
    return True if word in YES else False if word in NO else None


def parse_month(token: str) -> str | bool | None:
    """'10/2026' or '1/2026' -> '2026-10'; False when it looks like a month but is not one."""
    if month_and_year(token, iso=False) is None:
        return None
    return parse_reference(token, iso=False) or False


def _uc_and_month(tokens: list[str]) -> tuple[str | None, str | None, str | None, bool]:
    """The UC, competência and error found among a command's arguments, and whether other
    words were left over."""
    uc = reference = error = None
    extra = False
    for token in tokens:
        found = parse_month(token)
        if found is False:
            error = "bad_month"
        elif found:
            reference = found
        elif uc is None and _UC.fullmatch(token):
            uc = digits(token)
        elif _word(token):
            extra = True
    return uc, reference, error, extra


def _with_destination(name: str, tokens: list[str]) -> Command:
    """ADERIR/CANCELAR [UC] EMAIL|WHATSAPP [destination] [IMPRESSA]."""
    uc = medium = None
    rest: list[str] = []
    for index, token in enumerate(tokens):
        word = _word(token)
        if word in MEDIA:
            medium, rest = MEDIA[word], tokens[index + 1 :]
            break
        if "@" in token:
            medium, rest = "email", tokens[index:]
            break
        if uc is None and _UC.fullmatch(token):
            uc = digits(token)
    printed = any(_word(t) in PRINTED for t in rest)
    destination = " ".join(t for t in rest if _word(t) not in PRINTED).strip() or None
    extra = destination is not None and not _looks_like_destination(destination)
    if extra:  # "ADERIR a fatura por email sem papel": words, not an address
        destination = None
    return Command(
        name, uc=uc, medium=medium, destination=destination, printed=printed, extra=extra
    )


def _looks_like_destination(text: str) -> bool:
    """An e-mail address (or one typed wrong: a single word with "@" or "."), a phone
    number or ESTE: what may follow EMAIL/WHATSAPP; anything else is words."""
    single = len(text.split()) == 1 and ("." in text or "@" in text)
    return "@" in text or single or len(digits(text)) >= 8 or _word(text) in ("ESTE", "ESSE")


def parse(text: str, keywords: Mapping[str, Keyword]) -> Command | None:
    """The keyword command in `text`, or None when it does not start with one of `keywords`
    (folded words: upper case, no accents)."""
    folded = _SECOND_COPY.sub("2VIA", fold(text))
    tokens = text.split()
    if not tokens or not folded:
        return None
    words = folded.split()
    pair = keywords.get(" ".join(_word(w) for w in words[:2])) if len(words) > 1 else None
    keyword = pair or keywords.get(_word(words[0]))
    if keyword is None:
        return None
    skip = len(text.split()) - len(words) + (2 if pair else 1)  # '2 via' is two tokens
    args = tokens[max(skip, 1) :]
    if keyword.destination:
        return _with_destination(keyword.intent, args)
    uc, reference, error, extra = _uc_and_month(args)
    return Command(keyword.intent, uc=uc, reference=reference, error=error, extra=extra)
