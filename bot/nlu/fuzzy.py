"""Typo-tolerant words with rapidfuzz: month names, media and keywords as consumers type them
("otubro", "emial", "bara"). Only words long enough to be told apart are matched."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

MONTHS = ("janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto",
          "setembro", "outubro", "novembro", "dezembro")  # fmt: skip
MONTH_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTHS, start=1)}
MIN_SCORE = 80  # of 100: one typo in a word of five letters or more


def closest(word: str, choices: Iterable[str], *, min_length: int = 4) -> str | None:
    """The choice `word` is a typo of (or equals), if any; short words must match exactly."""
    return _closest(word, tuple(choices), min_length)


@lru_cache(maxsize=8192)
def _closest(word: str, choices: tuple[str, ...], min_length: int) -> str | None:
    """`closest`, remembered: the same everyday words come in again and again."""
    if word in choices:
        return word
    if len(word) < min_length:
        return None
    found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    return found[0] if found else None


def month_number(word: str) -> int | None:
    """1-12 for a month name, its three-letter abbreviation or a typo of it ("otubro")."""
    if not word.isalpha():
        return None
    if word in MONTH_ABBREVIATIONS:
        return MONTH_ABBREVIATIONS[word]
    name = closest(word, MONTHS, min_length=5)
    return MONTHS.index(name) + 1 if name else None
