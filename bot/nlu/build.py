"""Train the intent classifier from `train.yml` and save it beside it as `model.npz`.

scikit-learn does the learning (TF-IDF over `bot.nlu.features`, then multinomial logistic
regression). It is used here, at build time only (`make` runs `python -m bot.nlu.build`):
importing it in every web worker would cost about 100 MB of memory and 2-3 s of start-up.
The saved arrays (vocabulary, idf, coefficients) are all `bot.nlu.model` needs to classify.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from threadpoolctl import threadpool_limits

from bot.nlu.features import features

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
TRAIN = HERE / "train.yml"
MODEL = HERE / "model.npz"
SOURCES = (TRAIN, HERE / "features.py", Path(__file__).resolve())
C = 20.0  # inverse regularisation: the examples are few and short, so fit them closely


def load_examples(path: Path) -> tuple[list[str], list[str]]:
    """The (texts, intents) of a YAML file mapping each intent to its example messages."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = [str(text) for examples in data.values() for text in examples]
    labels = [str(intent) for intent, examples in data.items() for _ in examples]
    return texts, labels


def fingerprint() -> str:
    """A hash of everything the model is built from: a changed file means a stale model."""
    digest = hashlib.sha256()
    for source in SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def fit(texts: list[str], labels: list[str]) -> tuple[Any, Any]:
    """The fitted scikit-learn TF-IDF vectorizer and logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, solver="newton-cg", max_iter=500, class_weight="balanced")
    model.fit(matrix, labels)
    return vectorizer, model


def train(texts: list[str], labels: list[str]) -> dict[str, np.ndarray]:
    """Fit the model; return the arrays `bot.nlu.model` loads."""
    vectorizer, model = fit(texts, labels)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return {
        "vocabulary": np.array(vocabulary, dtype=str),
        "idf": vectorizer.idf_,
        "coef": model.coef_.T.copy(),  # one row per feature: gathered by the features seen
        "intercept": model.intercept_,
        "classes": np.array(model.classes_, dtype=str),
        "fingerprint": np.array(fingerprint()),
    }


def build(target: Path = MODEL) -> float:
    """Train from `train.yml` and save to `target`; return the seconds the training took
    (scikit-learn's import, about 3 s here, not counted)."""
    import sklearn.linear_model  # noqa: F401  (imported before the clock starts)

    started = time.perf_counter()
    with threadpool_limits(limits=1):  # one BLAS thread: several oversubscribe 2 cores (3x slower)
        arrays = train(*load_examples(TRAIN))
    np.savez_compressed(target, **arrays)  # type: ignore[arg-type]
    return time.perf_counter() - started


if __name__ == "__main__":
    seconds = build()
    print(f"intent model built in {seconds:.2f} s -> {MODEL.relative_to(HERE.parents[1])}")
    sys.exit(0)
