"""One free-text message read: its likeliest intents with their probabilities, how sure the
reading is, and the details it carries.

Thresholds were set on the training examples (cross-validated) and checked on the held-out set
(`bench/nlu.py`): at CONFIDENT or above the bot acts; between ASK and CONFIDENT it asks one
question naming the two likeliest intents; below ASK, or for out-of-scope, it did not
understand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.nlu import entities
from bot.nlu.features import normalise
from bot.nlu.fuzzy import closest
from bot.nlu.model import Guess, classify

MAX_CHARS = 1000  # consumers write a few lines; the rest of a huge message is not read
CONFIDENT = 0.45
ASK = 0.2
OUT_OF_SCOPE = "fora_escopo"
SMALL_TALK = frozenset({"saudacao", "agradecimento", "despedida", "robo"})
# One typed word close to a keyword ("bara", "debitoss"): its intent, as sure as the keyword.
# Not the words that stop or cancel something: those act only when typed exactly.
TYPO_KEYWORDS = {
    "segunda": "2via", "barra": "barra", "boleto": "barra", "debitos": "debitos",
    "atualizar": "atualizar", "aderir": "aderir", "adesao": "adesao", "atendente": "atendente",
    "ajuda": "ajuda", "menu": "menu", "falta": "falta", "pix": "barra",
    "negociar": "negociar", "parcelar": "negociar",
}  # fmt: skip


class Sureness(StrEnum):
    """How a reading may be used."""

    SURE = "sure"  # act on it
    UNSURE = "unsure"  # ask which of the two likeliest was meant
    LOST = "lost"  # not understood (or out of scope)


@dataclass(frozen=True)
class Reading:
    """A message as the classifier and the extractors read it."""

    intent: str
    confidence: float
    runner_up: str
    sureness: Sureness
    details: entities.Details


def _typo_keyword(text: str) -> str | None:
    """The intent of a single word that is a typo of a keyword, if it is one."""
    words = normalise(text).split()
    if len(words) != 1:
        return None
    found = closest(words[0], TYPO_KEYWORDS, min_length=4)
    return TYPO_KEYWORDS[found] if found else None


def _sureness(guess: Guess) -> Sureness:
    """SURE, UNSURE or LOST by the top probability (out of scope is never acted on)."""
    if guess.intent == OUT_OF_SCOPE or guess.confidence < ASK:
        return Sureness.LOST
    return Sureness.SURE if guess.confidence >= CONFIDENT else Sureness.UNSURE


def read(text: str, today: date) -> Reading:
    """Classify `text` and extract its details (from its first MAX_CHARS characters: a
    64 kB message costs no more than a long one)."""
    text = text[:MAX_CHARS]
    details = entities.details(text, today)
    if (intent := _typo_keyword(text)) is not None:
        return Reading(intent, 1.0, "", Sureness.SURE, details)
    guess = classify(text)
    runner_up = next((i for i, _ in guess.ranked[1:] if i != OUT_OF_SCOPE), "")
    return Reading(guess.intent, guess.confidence, runner_up, _sureness(guess), details)
