"""What the intent classifier sees of a message: a normalised text and its features.

Used both by the trainer (`bot.nlu.build`, as scikit-learn's analyzer) and at run time
(`bot.nlu.model`), so the two always read a message the same way.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\d[\d.\-/]{3,}\d")  # UC, CPF, phone, 10/2026: the shape, not digits
_REPEATS = re.compile(r"(\D)\1{2,}")  # "oiiii" -> "oii", "kkkkk" -> "kk"
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~¡-¿]")  # ASCII and Latin-1 punctuation, not emoji
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case without accents, punctuation or repeated letters; e-mails and long numbers
    become placeholders so that the model learns their place, not their digits."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _EMAIL.sub(" emailx ", plain)
    plain = _LONG_NUMBER.sub(" numx ", plain)
    plain = _REPEATS.sub(r"\1\1", plain)
    plain = _PUNCTUATION.sub(" ", plain)
    return _SPACES.sub(" ", plain).strip()


def features(text: str) -> list[str]:
    """Word unigrams and bigrams, and character 2- to 5-grams inside each padded word: the
    words carry meaning, the character pieces survive typos ("segunda vai", "bara")."""
    words = normalise(text).split()
    found = [f"w:{w}" for w in words]  # ":" is never inside a word (normalise drops it)
    found += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    for word in words:
        padded = f" {word} "
        end = len(padded)
        found += [padded[i : i + n] for n in (2, 3, 4, 5) for i in range(end - n + 1)]
    return found
