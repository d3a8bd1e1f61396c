"""How much a real labelled message weighs against a written example, chosen by inner CV.

The models learn from real messages (the hand labels of Enron-Spam) and some 1,650 written
examples; the job model's ``job`` examples are mostly written ones (1,423 against
339 real), so at one weight each the written examples decide what job mail looks like.
:func:`choose_real_weight` tries each factor of :data:`REAL_WEIGHTS` for the real messages
(written examples and corrections keep weight 1) by a cross-validation *inside* the
training data it is given: folds of the real messages split by thread, the other examples
in every inner training fold and never scored, the factor with the best macro F1 over the
real messages' pooled inner predictions kept (the smaller factor on a tie). Nothing
outside the training data is looked at, so a held-out evaluation that trains through this
stays honest (the choice is made again inside each outer fold).

Used by the job model (``train_job``). The kind models were tried with it and lost on the
held-out folds (``bench/results/heldout-2026-12-02-realweight.md``): they stay unweighted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sklearn.metrics import f1_score
from sklearn.pipeline import Pipeline

from followline.learning.examples import Example

REAL_WEIGHTS = (1.0, 3.0, 10.0)
INNER_FOLDS = 3
# Examples trained on and never scored: written by hand, or a user's correction.
TRAIN_ONLY_STRATA = frozenset({"written", "correction"})

Splitter = Callable[[Sequence[str], Sequence[str], int], list[tuple]]


def is_real(example: Example) -> bool:
    """A labelled corpus message (weighted and scored), not a written example or correction."""
    return example.stratum not in TRAIN_ONLY_STRATA


def weights_for(examples: Sequence[Example], factor: float) -> np.ndarray:
    return np.array([factor if is_real(e) else 1.0 for e in examples])


def choose_real_weight(
    examples: Sequence[Example],
    docs: Sequence[list[str]],
    make_pipeline: Callable[[], Pipeline],
    splitter: Splitter,
) -> tuple[float, dict[str, float]]:
    """The factor for the real messages, and each factor's inner macro F1 (rounded)."""
    real = [i for i, e in enumerate(examples) if is_real(e)]
    extra = [i for i, e in enumerate(examples) if not is_real(e)]
    labels = [e.label for e in examples]
    if len(real) < 2 * INNER_FOLDS:
        return REAL_WEIGHTS[0], {}
    splits = splitter([labels[i] for i in real], [examples[i].group for i in real], INNER_FOLDS)
    truth = [labels[i] for i in real]
    scores: dict[str, float] = {}
    best, best_score = REAL_WEIGHTS[0], -1.0
    for factor in REAL_WEIGHTS:
        predicted = [""] * len(real)
        for train_index, test_index in splits:
            chosen = [real[j] for j in train_index] + extra
            pipeline = make_pipeline()
            pipeline.fit(
                [docs[i] for i in chosen],
                [labels[i] for i in chosen],
                model__sample_weight=weights_for([examples[i] for i in chosen], factor),
            )
            answers = pipeline.predict([docs[real[j]] for j in test_index])
            for j, got in zip(test_index, answers, strict=True):
                predicted[j] = str(got)
        score = float(f1_score(truth, predicted, average="macro", zero_division=0))
        scores[f"{factor:g}"] = round(score, 4)
        if score > best_score:
            best, best_score = factor, score
    return best, scores
