"""Training the models with scikit-learn, and writing them as the JSON the product reads.

Each model is a pipeline of ``CountVectorizer`` (the presence, 0 or 1, of the features of
:mod:`followline.classify.features` seen in at least ``min_df`` examples) and an
L1-penalised ``LogisticRegression`` (most weights exactly zero: the shipped file lists only
the rest, so it loads and applies fast), calibrated by temperature scaling on
cross-validated predictions (``CalibratedClassifierCV(method="temperature",
ensemble=False)``, folds split by thread). Single English stop words ("if", "the": the
list of scikit-learn) are left out of the kind models' training, so no weight rests on
them; the product needs no list (a feature without a weight counts for nothing).
:func:`export` writes what applying it needs (:mod:`followline.classify.model`); the same
labels give the same bytes (rounded weights, sorted keys, fixed seeds).

* candidate and employer kinds: one model per side, on the labels of that side and the
  ``not_job`` examples; ``class_weight="balanced"`` (the job kinds are rare);
* job mail or not: the real labelled messages weighted against the written examples by
  a factor chosen by inner cross-validation (:mod:`followline.learning.weighting`);
* spam: ham against spam, precision first: the threshold is the lowest calibrated
  probability at which the out-of-fold precision is at least :data:`SPAM_PRECISION`,
  counting what the phrase rules flag on their own (the product calls that spam too: the
  rules know link-bait that the corpora lack).

scikit-learn is needed only here (``pip install 'followline[train]'``); the product never
imports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import orjson
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold
from sklearn.pipeline import Pipeline

from followline.classify import phrases
from followline.classify.features import kind_features, spam_features
from followline.classify.labels import JOB_LABELS, NOT_JOB, Side
from followline.classify.model import FORMAT
from followline.learning.examples import Example
from followline.learning.weighting import choose_real_weight, weights_for

FOLDS = 5
JOB = "job"
UNSURE_BELOW = 0.4
SPAM_PRECISION = 0.992
_DIGITS = 6

Featurize = Callable[[Example], list[str]]


def kind_tokens(example: Example) -> list[str]:
    counts = kind_features(example.text, example.subject)
    return [token for token in counts.elements() if token not in ENGLISH_STOP_WORDS]


def spam_tokens(example: Example) -> list[str]:
    return list(spam_features(example.text, example.subject).elements())


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _pipeline(min_df: int, c: float, balanced: bool, binary: bool = False) -> Pipeline:
    """Presence of each feature (0/1), an L1-penalised logistic regression: most weights
    are exactly zero, so the shipped model lists only the features that count."""
    return Pipeline(
        [
            ("presence", CountVectorizer(analyzer=_identity, min_df=min_df, binary=True)),
            (
                "model",
                LogisticRegression(
                    C=c,
                    l1_ratio=1.0,
                    solver="liblinear" if binary else "saga",  # liblinear: fast, two classes
                    class_weight="balanced" if balanced else None,
                    max_iter=3000,
                    tol=1e-3,
                    random_state=0,
                ),
            ),
        ]
    )


def folds(labels: Sequence[str], groups: Sequence[str], n: int = FOLDS) -> list[tuple]:
    """Splits that keep each thread on one side, with the labels spread evenly where the
    classes allow (falls back to plain group folds when a class is rarer than ``n``)."""
    x = np.zeros(len(labels))
    try:
        splitter = StratifiedGroupKFold(n_splits=n, shuffle=True, random_state=0)
        return list(splitter.split(x, labels, groups))
    except ValueError:
        return list(GroupKFold(n_splits=n).split(x, labels, groups))


def fit(
    examples: Sequence[Example],
    featurize: Featurize,
    *,
    min_df: int = 2,
    c: float = 4.0,
    balanced: bool = True,
    binary: bool = False,
    n_folds: int = FOLDS,
    docs: list[list[str]] | None = None,
    weights: np.ndarray | None = None,
) -> tuple[CalibratedClassifierCV, list[list[str]]]:
    if docs is None:
        docs = [featurize(example) for example in examples]
    labels = [example.label for example in examples]
    splits = folds(labels, [example.group for example in examples], n_folds)
    calibrated = CalibratedClassifierCV(
        _pipeline(min_df, c, balanced, binary), method="temperature", cv=splits, ensemble=False
    )
    if weights is None:
        calibrated.fit(docs, labels)
    else:  # the logistic regression's weights (the calibration counts each example once)
        calibrated.fit(docs, labels, model__sample_weight=weights)
    return calibrated, docs


def export(
    calibrated: CalibratedClassifierCV,
    *,
    name: str,
    trained: dict[str, object],
    unsure_below: float = UNSURE_BELOW,
    threshold: float | None = None,
) -> bytes:
    """The model as the JSON :class:`followline.classify.model.LinearModel` reads."""
    inner = calibrated.calibrated_classifiers_[0]
    pipeline: Pipeline = inner.estimator
    vocabulary: dict[str, int] = pipeline.named_steps["presence"].vocabulary_
    lr: LogisticRegression = pipeline.named_steps["model"]
    coef = np.round(lr.coef_, _DIGITS)
    features = {  # a feature whose weights are all zero changes nothing: left out
        feature: [float(w) for w in coef[:, i]]
        for feature, i in sorted(vocabulary.items())
        if coef[:, i].any()
    }
    data = {
        "format": FORMAT,
        "name": name,
        # Inside the calibrated pipeline the classes are encoded as 0..n-1.
        "classes": [str(calibrated.classes_[int(i)]) for i in lr.classes_],
        "intercept": [round(float(b), _DIGITS) for b in lr.intercept_],
        "beta": round(float(inner.calibrators[0].beta_), _DIGITS),
        "unsure_below": unsure_below,
        "threshold": threshold,
        "trained": trained,
        "features": features,
    }
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def _digest(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for example in examples:
        h.update(orjson.dumps([example.source, example.label, example.text, example.subject]))
    return h.hexdigest()


def side_examples(examples: Sequence[Example], side: Side) -> list[Example]:
    """The examples a side's kind model learns from: the job mail of that side."""
    wanted = set(JOB_LABELS[side])
    return [example for example in examples if example.label in wanted]


def job_examples(examples: Sequence[Example]) -> list[Example]:
    """Every example as ``job`` or ``not_job``: what the job model learns."""
    return [
        replace(example, label=NOT_JOB if example.label == NOT_JOB else JOB) for example in examples
    ]


def _trained(examples: Sequence[Example]) -> dict[str, object]:
    counts: dict[str, int] = {}
    for example in examples:
        counts[example.label] = counts.get(example.label, 0) + 1
    return {
        "examples": len(examples),
        "labels": dict(sorted(counts.items())),
        "sha256": _digest(examples),
    }


def train_kinds(examples: Sequence[Example], side: Side) -> bytes:
    """A side's kind model: which of the side's job labels a job message is. Unweighted:
    the real messages weighted as for the job model lost on the held-out folds
    (``bench/results/heldout-2026-12-02-realweight.md``)."""
    chosen = side_examples(examples, side)
    calibrated, _ = fit(chosen, kind_tokens)
    return export(calibrated, name=str(side), trained=_trained(chosen))


def train_job(examples: Sequence[Example]) -> bytes:
    """The job model: whether a message is part of a job search at all. Most of its
    ``job`` examples are written ones, so the real labelled messages weigh by the factor
    that inner cross-validation prefers (:mod:`followline.learning.weighting`)."""
    chosen = job_examples(examples)
    docs = [kind_tokens(example) for example in chosen]
    factor, inner = choose_real_weight(
        chosen, docs, lambda: _pipeline(3, 4.0, True, binary=True), folds
    )
    weights = weights_for(chosen, factor)
    calibrated, _ = fit(chosen, kind_tokens, min_df=3, binary=True, docs=docs, weights=weights)
    trained = _trained(chosen) | {"real_weight": factor, "real_weight_inner_f1": inner}
    return export(calibrated, name="job", trained=trained, unsure_below=0.0)


def spam_threshold(
    probabilities: np.ndarray, is_spam: np.ndarray, flagged: np.ndarray, precision: float
) -> float:
    """The lowest probability at which calling spam keeps at least ``precision``, counting
    the messages the phrase rules flag (``flagged``) as called whatever their probability."""
    order = np.argsort(-probabilities, kind="stable")
    rest = ~flagged[order]
    called = flagged.sum() + np.cumsum(rest)
    hits = (flagged & is_spam).sum() + np.cumsum(rest & is_spam[order])
    ok = np.nonzero(hits / np.maximum(called, 1) >= precision)[0]
    if len(ok) == 0:
        return 1.0
    return float(probabilities[order][ok[-1]])


def rules_flag(example: Example) -> bool:
    """Whether the phrase rules alone call a message spam (their score reaches the
    threshold): the product calls it spam too."""
    signs = phrases.spam_signs(example.text, example.subject)
    return sum(weight for _, weight in signs) >= phrases.SPAM_THRESHOLD


def train_spam(
    examples: Sequence[Example], *, min_df: int = 5, c: float = 16.0, n_folds: int = FOLDS
) -> bytes:
    calibrated, docs = fit(
        examples,
        spam_tokens,
        min_df=min_df,
        c=c,
        balanced=False,
        binary=True,
        n_folds=n_folds,
    )
    beta = float(calibrated.calibrated_classifiers_[0].calibrators[0].beta_)
    names = [example.label for example in examples]
    labels = np.array([name == "spam" for name in names])
    out_of_fold = np.zeros(len(examples))
    for train_index, test_index in folds(names, [e.group for e in examples], n_folds):
        pipeline = _pipeline(min_df, c, False, binary=True)
        pipeline.fit([docs[i] for i in train_index], [names[i] for i in train_index])
        decision = pipeline.decision_function([docs[i] for i in test_index])  # for "spam"
        out_of_fold[test_index] = 1 / (1 + np.exp(-2 * beta * decision))
    flagged = np.array([rules_flag(example) for example in examples])
    threshold = round(spam_threshold(out_of_fold, labels, flagged, SPAM_PRECISION), 4)
    trained = {
        "examples": len(examples),
        "spam": int(labels.sum()),
        "sha256": _digest(examples),
        "threshold_precision": SPAM_PRECISION,
    }
    return export(calibrated, name="spam", trained=trained, threshold=threshold)
