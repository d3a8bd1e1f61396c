"""Held-out predictions: each labelled example predicted by a model that never saw it.

The labelled examples are cut into :data:`~followline.learning.train.FOLDS` folds by thread
(a quoted copy never sits on both sides); for each fold a model is trained on the others
(plus the examples that are only ever trained on: written examples, corrections), written
to JSON and read back, and the fold is predicted through :class:`LinearModel`, exactly as
the product predicts. The answers come back in the examples' order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import orjson

from followline.classify.features import kind_features
from followline.classify.labels import Side
from followline.classify.model import LinearModel
from followline.learning.examples import Example
from followline.learning.train import folds, job_examples, side_examples, train_job, train_kinds


@dataclass(frozen=True, slots=True)
class HeldOut:
    example: Example
    label: str  # predicted
    confidence: float
    evidence: tuple[tuple[str, float], ...]


def held_out_kinds(
    labelled: Sequence[Example], side: Side, train_only: Sequence[Example] = ()
) -> list[HeldOut]:
    """The side's job mail, each predicted by a kind model trained without its fold."""
    return _held_out(
        side_examples(labelled, side),
        side_examples(train_only, side),
        lambda training: train_kinds(training, side),
    )


def held_out_job(labelled: Sequence[Example], train_only: Sequence[Example] = ()) -> list[HeldOut]:
    """Every example as job or not, predicted by a job model trained without its fold."""
    return _held_out(job_examples(labelled), job_examples(train_only), train_job)


def _held_out(
    chosen: Sequence[Example],
    extra: Sequence[Example],
    train: Callable[[list[Example]], bytes],
) -> list[HeldOut]:
    answers: list[HeldOut | None] = [None] * len(chosen)
    splits = folds([e.label for e in chosen], [e.group for e in chosen])
    for train_index, test_index in splits:
        training = [chosen[i] for i in train_index] + list(extra)
        model = LinearModel(orjson.loads(train(training)))
        for i in test_index:
            example = chosen[i]
            scores = model.scores(kind_features(example.text, example.subject))
            answers[i] = HeldOut(example, scores.label, scores.confidence, scores.evidence)
    return [answer for answer in answers if answer is not None]
