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

from followline.classify.decide import decide, rule_kind_of
from followline.classify.features import kind_features, spam_features
from followline.classify.labels import Side
from followline.classify.model import LinearModel, Scores
from followline.learning.examples import Example
from followline.learning.train import (
    UNSURE_BELOW,
    folds,
    job_examples,
    rules_flag,
    side_examples,
    train_job,
    train_kinds,
    train_spam,
)


@dataclass(frozen=True, slots=True)
class HeldOut:
    example: Example
    label: str  # the model's best label
    confidence: float
    evidence: tuple[tuple[str, float], ...]
    shipped: str = ""  # the product's answer: model, phrase rules when unsure, else unsure
    scores: Scores | None = None  # the model's whole answer


def held_out_kinds(
    labelled: Sequence[Example], side: Side, train_only: Sequence[Example] = ()
) -> list[HeldOut]:
    """The side's job mail, each predicted by a kind model trained without its fold."""
    return _held_out(
        side_examples(labelled, side),
        side_examples(train_only, side),
        lambda training: train_kinds(training, side),
        side,
    )


def held_out_job(labelled: Sequence[Example], train_only: Sequence[Example] = ()) -> list[HeldOut]:
    """Every example as job or not, predicted by a job model trained without its fold."""
    return _held_out(job_examples(labelled), job_examples(train_only), train_job)


def _held_out(
    chosen: Sequence[Example],
    extra: Sequence[Example],
    train: Callable[[list[Example]], bytes],
    side: Side | None = None,
) -> list[HeldOut]:
    answers: list[HeldOut | None] = [None] * len(chosen)
    splits = folds([e.label for e in chosen], [e.group for e in chosen])
    for train_index, test_index in splits:
        training = [chosen[i] for i in train_index] + list(extra)
        model = LinearModel(orjson.loads(train(training)))
        for i in test_index:
            example = chosen[i]
            scores = model.scores(kind_features(example.text, example.subject))
            shipped = ""
            if side is not None:  # job mail of the side, as the product reads it in context
                rule = rule_kind_of(example.text, example.subject, side)
                shipped = decide(scores, None, rule, model.unsure_below).label
            answers[i] = HeldOut(
                example, scores.label, scores.confidence, scores.evidence, shipped, scores
            )
    return [answer for answer in answers if answer is not None]


def without_context(kinds: Sequence[HeldOut], job: Sequence[HeldOut], side: Side) -> list[str]:
    """The product's answers for the side's job mail read *without* context, as
    ``followline classify`` and triage read a mailbox: the job model asked first (a message
    it calls no job mail is ``not_job``), then the kind. Both predictions are held out (each
    model was trained without the example's fold), matched by the example's source."""
    by_source = {held.example.source: held for held in job}
    answers = []
    for held in kinds:
        example, job_held = held.example, by_source[held.example.source]
        assert held.scores is not None and job_held.scores is not None
        rule = rule_kind_of(example.text, example.subject, side)
        answers.append(decide(held.scores, job_held.scores, rule, UNSURE_BELOW).label)
    return answers


def held_out_spam(examples: Sequence[Example], n_folds: int = 3) -> list[HeldOut]:
    """Every message as spam or ham, by a spam model (and its threshold, chosen inside the
    training folds) that never saw it, or-ed with the phrase rules as the product does.
    Three folds, and three inside each for calibration and the threshold: 21 fits."""
    answers: list[HeldOut | None] = [None] * len(examples)
    labels = [example.label for example in examples]
    for train_index, test_index in folds(labels, [e.group for e in examples], n_folds):
        training = [examples[i] for i in train_index]
        model = LinearModel(orjson.loads(train_spam(training, n_folds=n_folds)))
        threshold = model.threshold if model.threshold is not None else 0.5
        for i in test_index:
            example = examples[i]
            scores = model.scores(spam_features(example.text, example.subject))
            probability = dict(scores.ranked)["spam"]
            spam = rules_flag(example) or probability >= threshold
            answers[i] = HeldOut(example, "spam" if spam else "ham", probability, ())
    return [answer for answer in answers if answer is not None]
