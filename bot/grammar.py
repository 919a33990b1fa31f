"""The keyword grammar (docs/interfaces.md#chat-keywords): case-, accent-, spacing-insensitive."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

KEYWORDS = {
    "MENU": "menu", "OI": "menu", "OLA": "menu", "INICIO": "menu",
    "2VIA": "2via", "BARRA": "barra", "BARRAS": "barra", "PIX": "barra",
    "DEBITOS": "debitos", "DEBITO": "debitos",
    "ADERIR": "aderir", "ADESAO": "adesao", "CANCELAR": "cancelar",
    "ATUALIZAR": "atualizar", "ATENDENTE": "atendente",
    "SAIR": "sair", "PARAR": "sair", "STOP": "sair",
    "VOLTAR": "voltar", "AJUDA": "ajuda", "PDF": "pdf",
}  # fmt: skip
MEDIA = {"EMAIL": "email", "E-MAIL": "email", "WHATSAPP": "whatsapp", "ZAP": "whatsapp"}
PRINTED = {"IMPRESSA", "IMPRESSO"}
WITH_DESTINATION = {"aderir", "cancelar"}
_SECOND_COPY = re.compile(r"^(2\s*A?\s*VIA|SEGUNDA\s+VIA)\b")
_MONTH = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_UC = re.compile(r"[\d.\-]*\d[\d.\-]*")
_BARE_NUMBER = re.compile(r"[\d\s.\-/()+]*\d[\d\s.\-/()+]*")
_EDGES = re.compile(r"^[^\w@+]+|[^\w@]+$")
YES = {"SIM", "S", "YES", "OK", "CLARO", "QUERO", "CONFIRMO", "ISSO"}
NO = {"NAO", "N", "NO", "NEGATIVO"}


@dataclass(frozen=True)
class Command:
    """One parsed keyword command; `error` names a problem the reply should explain."""

    name: str
    uc: str | None = None
    reference: str | None = None  # "AAAA-MM"
    medium: str | None = None  # email | whatsapp
    destination: str | None = None  # as typed; validated by the flow
    printed: bool = False
    error: str | None = None  # bad_month


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


def yes_no(text: str) -> bool | None:
    """True for sim, False for não, None for anything else."""
    word = _word(text.split()[0]) if text.split() else ""
    return True if word in YES else False if word in NO else None


def parse_month(token: str) -> str | bool | None:
    """'10/2026' or '1/2026' -> '2026-10'; False when it looks like a month but is not one."""
    match = _MONTH.fullmatch(token.strip())
    if match is None:
        return None
    mm, yyyy = int(match.group(1)), match.group(2)
    return f"{yyyy}-{mm:02d}" if 1 <= mm <= 12 else False


def _uc_and_month(tokens: list[str]) -> tuple[str | None, str | None, str | None]:
    """The UC, competência and error found among a command's arguments."""
    uc = reference = error = None
    for token in tokens:
        found = parse_month(token)
        if found is False:
            error = "bad_month"
        elif found:
            reference = found
        elif uc is None and _UC.fullmatch(token):
            uc = digits(token)
    return uc, reference, error


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
    return Command(name, uc=uc, medium=medium, destination=destination, printed=printed)


def parse(text: str) -> Command | None:
    """The keyword command in `text`, or None when it does not start with a keyword."""
    folded = _SECOND_COPY.sub("2VIA", fold(text))
    tokens = text.split()
    if not tokens or not folded:
        return None
    name = KEYWORDS.get(_word(folded.split()[0]))
    if name is None:
        return None
    skip = len(text.split()) - len(folded.split()) + 1  # '2 via' is two tokens
    args = tokens[max(skip, 1) :]
    if name in WITH_DESTINATION:
        return _with_destination(name, args)
    uc, reference, error = _uc_and_month(args)
    return Command(name, uc=uc, reference=reference, error=error)
