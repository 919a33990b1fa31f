"""Classify a message into an intent with the model `bot.nlu.build` trained.

Run time needs only numpy: the message's features (`bot.nlu.features`) are weighted as
scikit-learn's TfidfVectorizer does (sublinear tf, smooth idf, l2 norm), then scored by the
logistic regression's coefficients and turned into probabilities with a softmax. A test checks
that these probabilities equal scikit-learn's own on every held-out message.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from bot.nlu import build
from bot.nlu.features import features

log = logging.getLogger(__name__)
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Guess:
    """The likeliest intents of a message, most likely first, with their probabilities."""

    ranked: tuple[tuple[str, float], ...]

    @property
    def intent(self) -> str:
        """The likeliest intent."""
        return self.ranked[0][0]

    @property
    def confidence(self) -> float:
        """The likeliest intent's probability."""
        return self.ranked[0][1]


class Model:
    """The trained arrays, and the classification that uses them."""

    def __init__(self, path: Path) -> None:
        """Load the arrays saved by `bot.nlu.build`."""
        with np.load(path) as arrays:
            self.vocabulary = {str(f): i for i, f in enumerate(arrays["vocabulary"])}
            self.idf = arrays["idf"]
            self.coef = arrays["coef"]
            self.intercept = arrays["intercept"]
            self.classes = [str(c) for c in arrays["classes"]]
            self.fingerprint = str(arrays["fingerprint"])

    def probabilities(self, text: str) -> np.ndarray:
        """The probability of each class (in `classes` order) for `text`."""
        vocabulary = self.vocabulary
        seen = [vocabulary[f] for f in features(text) if f in vocabulary]
        scores = self.intercept.copy()
        if seen:
            index, counts = np.unique(np.array(seen, dtype=np.intp), return_counts=True)
            weights = (1.0 + np.log(counts)) * self.idf[index]
            weights /= np.linalg.norm(weights)
            scores += weights @ self.coef[index]
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def guess(self, text: str) -> Guess:
        """The intents ranked by probability."""
        probs = self.probabilities(text)
        order = np.argsort(-probs)[:4]  # the bot looks at the two likeliest at most
        return Guess(tuple((self.classes[i], float(probs[i])) for i in order))


class _Loader:
    """The process's model, loaded once (and rebuilt first when `train.yml` changed)."""

    @cached_property
    def model(self) -> Model:
        """Load the model; build it when it is missing or older than its sources."""
        with _LOCK:
            stale = not build.MODEL.exists() or Model(build.MODEL).fingerprint != (
                build.fingerprint()
            )
            if stale:
                log.warning("intent model missing or stale: building it now")
                build.build()
            return Model(build.MODEL)


_LOADER = _Loader()


def classify(text: str) -> Guess:
    """The likeliest intents of `text`."""
    return _LOADER.model.guess(text)


def warm_up() -> None:
    """Load the model now (at start-up) rather than on the first message, with numpy's BLAS
    kept to one thread: its products here are tiny, and a thread pool per web worker only
    competes for the cores."""
    threadpool_limits(limits=1)
    _LOADER.model.guess("oi")
