"""Measure the intent classifier on the held-out set (bench/nlu_heldout.yml), which is never
used for training: accuracy, macro-F1, milliseconds per message, and the confusion pairs.

    .venv/bin/python bench/nlu.py

Every message goes through `bot.nlu.reading.read`, as the bot reads free text (typo keywords
included). The last line is `accuracy=<x> macro_f1=<y> ms_per_message=<z>`; above it, how sure
the bot was (acted, asked, missed) and what it confused.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlu.build import load_examples  # noqa: E402
from bot.nlu.model import warm_up  # noqa: E402
from bot.nlu.reading import Sureness, read  # noqa: E402

HELD_OUT = ROOT / "bench" / "nlu_heldout.yml"
TODAY = date(2026, 11, 29)


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """The mean over intents of F1 (precision and recall of each intent)."""
    scores = []
    for intent in sorted({expected for expected, _ in pairs}):
        hit = sum(1 for e, g in pairs if e == g == intent)
        guessed = sum(1 for _, g in pairs if g == intent)
        expected = sum(1 for e, _ in pairs if e == intent)
        precision = hit / guessed if guessed else 0.0
        recall = hit / expected if expected else 0.0
        scores.append(2 * precision * recall / (precision + recall) if hit else 0.0)
    return sum(scores) / len(scores)


def main() -> None:
    """Read every held-out message and print the figures."""
    texts, labels = load_examples(HELD_OUT)
    warm_up()
    started = time.perf_counter()
    readings = [read(text, TODAY) for text in texts]
    elapsed = time.perf_counter() - started
    pairs = [(label, r.intent) for label, r in zip(labels, readings, strict=True)]
    right = sum(1 for e, g in pairs if e == g)
    sure = Counter(
        (r.sureness.value, "right" if e == r.intent else "wrong")
        for (e, _), r in zip(pairs, readings, strict=True)
    )
    print(f"held-out messages: {len(texts)} in {len(set(labels))} intents")
    acted_wrong = sure[Sureness.SURE.value, "wrong"]
    print(f"acted on: {sure[Sureness.SURE.value, 'right']} right, {acted_wrong} wrong; "
          f"asked: {sure['unsure', 'right'] + sure['unsure', 'wrong']}; "
          f"missed: {sure['lost', 'right'] + sure['lost', 'wrong']}")  # fmt: skip
    for (expected, guessed), count in Counter((e, g) for e, g in pairs if e != g).most_common():
        print(f"confused: {expected} -> {guessed} x{count}")
    ms = elapsed / len(texts) * 1000
    print(
        f"accuracy={right / len(texts):.3f} macro_f1={macro_f1(pairs):.3f} ms_per_message={ms:.3f}"
    )


if __name__ == "__main__":
    main()
