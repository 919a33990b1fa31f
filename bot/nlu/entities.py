"""The details a free-text message carries: competência, UC, CPF/CNPJ, e-mail, medium and the
printed copy ("boa tarde quero a 2 via da fatura de outubro" -> competência 10 of this year).

Reads the text as `bot.nlu.features.normalise` leaves it (lower case, no accents); relative
months are worked out from the message's local date. Nothing here validates: the flows do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.nlu.features import normalise
from bot.nlu.fuzzy import closest, month_number
from bot.types import Medium

LAST = "last"  # "a última": the most recent invoice
OVERDUE = "overdue"  # "a vencida": the most recent open invoice past its due date
_FOLD = str.maketrans("áàâãéêíóôõúçÁÀÂÃÉÊÍÓÔÕÚÇ", "aaaaeeioooucAAAAEEIOOOUC")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_NUMERIC_MONTH = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{4}|\d{2})(?![\d/])")
_DOCUMENT = re.compile(
    r"(?<!\d)(\d{3}\.?\d{3}\.?\d{3}-?\d{2}|\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2})(?!\d)"
)
_NUMBER = re.compile(r"(?<![\d/@.])\d[\d.\-]{2,}\d(?![\d/]|\.\d)")
_PHONE_WORDS = ("telefone", "celular", "numero do zap", "whatsapp +", "fone", "tel")
_MEDIA: dict[str, Medium] = {
    "email": "email", "e-mail": "email", "emails": "email", "mail": "email", "imeil": "email",
    "zap": "whatsapp", "zapzap": "whatsapp", "whats": "whatsapp", "whatsapp": "whatsapp",
    "wpp": "whatsapp", "wats": "whatsapp", "watsapp": "whatsapp", "whatsap": "whatsapp",
    "zapp": "whatsapp", "uats": "whatsapp",
}  # fmt: skip
_PRINTED = re.compile(
    r"\b(impress[ao]s?|de papel|em papel|o papel|a papel|papel tambem|papel tb|pelo correio)\b"
)
_NOT_PRINTED = re.compile(
    r"\b(sem (a )?(conta )?(impress[ao]|papel)|nao quero (o )?papel|so digital)"
)


@dataclass(frozen=True)
class Details:
    """What a sentence said besides its intent; None where it said nothing."""

    reference: str | None = None  # "AAAA-MM", or LAST / OVERDUE
    uc: str | None = None
    document: str | None = None  # CPF or CNPJ digits
    email: str | None = None
    medium: Medium | None = None
    printed: bool | None = None


def _previous_month(day: date, back: int) -> str:
    """The competência `back` months before `day`'s."""
    index = day.year * 12 + day.month - 1 - back
    return f"{index // 12}-{index % 12 + 1:02d}"


def _latest(month: int, today: date) -> str:
    """The latest such month that is not in the future ("de outubro" in March: last year's)."""
    year = today.year if month <= today.month else today.year - 1
    return f"{year}-{month:02d}"


def reference(text: str, today: date) -> str | None:
    """The competência a sentence names: "10/2026", "out/26", "de outubro", "mês passado",
    "desse mês", "a última", "a vencida"."""
    plain = normalise(_EMAIL.sub(" ", text).replace("/", " / "))
    if found := _NUMERIC_MONTH.search(_plain(text)):
        month, year = int(found[1]), found[2]
        if 1 <= month <= 12:
            return f"{2000 + int(year) if len(year) == 2 else year}-{month:02d}"
    words = plain.split()
    for index, word in enumerate(words):
        number = month_number(word)
        year = _year_after(words[index + 1 : index + 3])
        if number is None or (len(word) == 3 and not _abbreviation(words, index, year)):
            continue
        return f"{year}-{number:02d}" if year else _latest(number, today)
    return _relative(plain, today)


def _abbreviation(words: list[str], index: int, year: int | None) -> bool:
    """A three-letter month ("out", "dez") counts only as "de out" or "out/26": alone it is
    too often another word ("dez reais")."""
    return year is not None or (index > 0 and words[index - 1] in ("de", "da", "a"))


def _plain(text: str) -> str:
    """Lower case without accents, keeping punctuation (for dates and e-mails)."""
    return text.translate(_FOLD).lower()


def _year_after(words: list[str]) -> int | None:
    """The year written after a month name ("outubro de 2025", "out / 26")."""
    for word in words:
        if word.isdigit() and len(word) in (2, 4):
            return 2000 + int(word) if len(word) == 2 else int(word)
        if word not in ("de", "/"):
            return None
    return None


def _relative(plain: str, today: date) -> str | None:
    """ "mês passado", "desse mês", "a última", "a vencida"."""
    if re.search(r"\bmes (passado|anterior)\b|\bultimo mes\b", plain):
        return _previous_month(today, 1)
    if re.search(r"\b(desse|deste|esse|este|do|neste|nesse) mes\b|\bmes atual\b", plain):
        return _previous_month(today, 0)
    if re.search(r"\b(vencida|atrasada|venceu|vencido|em atraso)\b", plain):
        return OVERDUE
    if re.search(r"\b(ultima|mais recente|ultima conta|atual)\b", plain):
        return LAST
    return None


def document(text: str) -> str | None:
    """A CPF (11 digits) or CNPJ (14 digits) typed in the sentence."""
    found = _DOCUMENT.search(text)
    return re.sub(r"\D", "", found[1]) if found else None


def uc(text: str) -> str | None:
    """A UC number in the sentence: a run of 4-20 digits that is not a date, CPF, CNPJ,
    phone or e-mail."""
    plain = _EMAIL.sub(" ", _plain(text))
    plain = _DOCUMENT.sub(" ", plain)
    plain = _NUMERIC_MONTH.sub(" ", plain)
    for found in _NUMBER.finditer(plain):
        number = re.sub(r"\D", "", found[0])
        before = plain[max(0, found.start() - 20) : found.start()]
        year = len(number) == 4 and 1990 <= int(number) <= 2099
        if 4 <= len(number) <= 20 and not year and not any(w in before for w in _PHONE_WORDS):
            if not (len(number) >= 10 and re.search(r"\+|\(\d\d\)", before[-4:])):
                return number
    return None


def email(text: str) -> str | None:
    """The first e-mail address in the sentence, as typed."""
    found = _EMAIL.search(text)
    return found[0] if found else None


def medium(text: str) -> Medium | None:
    """E-mail or WhatsApp, however written ("e-mail", "emial", "zap", "whats", "wpp")."""
    if _EMAIL.search(text):
        return "email"
    for word in _plain(text).replace("-mail", "mail").split():
        word = word.strip(".,!?;:()")
        if word in _MEDIA:
            return _MEDIA[word]
        if (typo := closest(word, ("email", "whatsapp"), min_length=5)) is not None:
            return _MEDIA[typo]
    return None


def printed(text: str) -> bool | None:
    """True when the sentence asks to keep the paper copy, False when it drops it."""
    plain = normalise(text)
    if _NOT_PRINTED.search(plain):
        return False
    return True if _PRINTED.search(plain) else None


def details(text: str, today: date) -> Details:
    """Everything the sentence carries."""
    return Details(
        reference=reference(text, today),
        uc=uc(text),
        document=document(text),
        email=email(text),
        medium=medium(text),
        printed=printed(text),
    )
