"""The intent classifier: the run-time arithmetic equals scikit-learn's, the held-out set
meets the issue's bar, and a changed training file means a rebuilt model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.nlu import build
from bot.nlu.model import Model, classify

HELD_OUT = Path(__file__).resolve().parents[2] / "bench" / "nlu_heldout.yml"


@pytest.fixture(scope="module")
def held_out() -> tuple[list[str], list[str]]:
    """The held-out messages and their intents (never used for training)."""
    return build.load_examples(HELD_OUT)


def test_run_time_probabilities_equal_scikit_learn(held_out: tuple[list[str], list[str]]) -> None:
    """numpy at run time gives scikit-learn's own probabilities for every held-out message."""
    vectorizer, model = build.fit(*build.load_examples(build.TRAIN))
    texts, _ = held_out
    expected = model.predict_proba(vectorizer.transform(texts))
    ours = Model(build.MODEL)
    assert list(model.classes_) == ours.classes
    got = np.array([ours.probabilities(text) for text in texts])
    assert np.allclose(got, expected, atol=1e-6)


def test_held_out_accuracy_and_macro_f1(held_out: tuple[list[str], list[str]]) -> None:
    """The issue's bar on the held-out set: accuracy >= 0.95 and macro-F1 >= 0.93 (the same
    figures `bench/nlu.py` prints, here without the timing)."""
    from bench.nlu import macro_f1

    texts, labels = held_out
    pairs = [(label, classify(text).intent) for text, label in zip(texts, labels, strict=True)]
    accuracy = sum(e == g for e, g in pairs) / len(pairs)
    assert len(texts) >= 250 and len(set(labels)) == 21
    assert accuracy >= 0.95, accuracy
    assert macro_f1(pairs) >= 0.93


def test_every_intent_has_forty_training_examples_and_none_is_held_out(
    held_out: tuple[list[str], list[str]],
) -> None:
    """At least 40 examples for each of the 21 intents, every one of them in the held-out
    set, and no held-out message among the training examples."""
    texts, labels = build.load_examples(build.TRAIN)
    assert min(labels.count(intent) for intent in set(labels)) >= 40
    assert set(labels) == set(held_out[1]) and len(set(labels)) == 21
    assert not {t.lower() for t in texts} & {t.lower() for t in held_out[0]}


def test_a_changed_training_file_means_a_stale_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model records what it was built from; another training file does not match it."""
    train = tmp_path / "train.yml"
    train.write_text(build.TRAIN.read_text(encoding="utf-8") + '  - "uma frase nova"\n')
    assert Model(build.MODEL).fingerprint == build.fingerprint()
    monkeypatch.setattr(build, "SOURCES", (train, *build.SOURCES[1:]))
    assert Model(build.MODEL).fingerprint != build.fingerprint()
