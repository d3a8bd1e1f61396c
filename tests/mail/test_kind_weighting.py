"""The weight of the real labelled messages against the written examples (inner CV)."""

from __future__ import annotations

import pytest

from followline.learning.examples import Example
from followline.learning.train import _pipeline, folds
from followline.learning.weighting import (
    REAL_WEIGHTS,
    choose_real_weight,
    is_real,
    weights_for,
)


def _examples(real_agrees: bool) -> list[Example]:
    """Written examples that tie "alpha" to A and "beta" to B; real messages (one thread
    each) that say the same, or the opposite."""
    out = []
    for n in range(120):
        word, label = ("alpha", "A") if n % 2 else ("beta", "B")
        out.append(Example(f"{word} note {n}", "", label, f"w{n}", f"w{n}", "written"))
    for n in range(24):
        word, label = ("alpha", "A") if n % 2 else ("beta", "B")
        if not real_agrees:
            label = "B" if label == "A" else "A"
        out.append(Example(f"{word} mail {n}", "", label, f"r{n}", f"r{n}", "enron2"))
    return out


def _choose(examples: list[Example]) -> tuple[float, dict[str, float]]:
    docs = [e.text.split() for e in examples]
    return choose_real_weight(examples, docs, lambda: _pipeline(1, 4.0, True), folds)


def test_written_examples_and_corrections_are_not_real():
    strata = ["written", "correction", "enron2", "forwarded", "spamassassin"]
    examples = [Example("t", "", "A", s, s, s) for s in strata]
    assert [is_real(e) for e in examples] == [False, False, True, True, True]
    assert list(weights_for(examples, 3.0)) == [1.0, 1.0, 3.0, 3.0, 3.0]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_real_messages_that_contradict_the_written_ones_are_weighted_up():
    factor, scores = _choose(_examples(real_agrees=False))
    assert factor == max(REAL_WEIGHTS)
    assert scores[f"{max(REAL_WEIGHTS):g}"] > scores[f"{min(REAL_WEIGHTS):g}"]


def test_real_messages_that_agree_keep_the_smallest_factor():
    factor, scores = _choose(_examples(real_agrees=True))
    assert factor == min(REAL_WEIGHTS)
    assert set(scores) == {f"{w:g}" for w in REAL_WEIGHTS}
