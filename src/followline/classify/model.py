"""A trained linear model, read from JSON and applied in pure Python (no numpy, no pickle).

The training side (:mod:`followline.learning`) fits scikit-learn's L1-penalised
``LogisticRegression`` on the presence (0/1) of each feature, calibrated by temperature
scaling (``CalibratedClassifierCV(method="temperature")``), and writes what applying it
takes: the weights of the features whose weights are not all zero.

.. code-block:: json

    {"format": "followline-linear/2", "name": "candidate",
     "classes": ["application", "other", ...],
     "intercept": [...], "beta": 1.3, "unsure_below": 0.5, "threshold": null,
     "features": {"decision": [w_class0, w_class1, ...], ...},
     "trained": {...what it was trained on...}}

A binary model (spam, job) has one weight per feature, for its second class. Applying it is
the same arithmetic as scikit-learn's: the weights of the features present, summed, plus the
intercept, times ``beta``, softmax (or the logistic for a binary model).
``tests/mail/test_kind_model.py`` checks the two agree.

The evidence of a prediction is the features that pushed it most towards its class.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from pathlib import Path

import orjson

FORMAT = "followline-linear/2"


class ModelError(ValueError):
    """A model file that is not one of ours, or is damaged."""


@dataclass(frozen=True, slots=True)
class Scores:
    """A model's answer: every class with its probability, best first, and the evidence."""

    ranked: tuple[tuple[str, float], ...]
    evidence: tuple[tuple[str, float], ...]

    @property
    def label(self) -> str:
        return self.ranked[0][0]

    @property
    def confidence(self) -> float:
        return self.ranked[0][1]


class LinearModel:
    """One trained model: :meth:`scores` of a message's features."""

    def __init__(self, data: Mapping[str, object]) -> None:
        if data.get("format") != FORMAT:
            raise ModelError(f"not a {FORMAT} model: format {data.get('format')!r}")
        self.name = str(data["name"])
        self.classes: tuple[str, ...] = tuple(data["classes"])  # type: ignore[arg-type]
        self.intercept: tuple[float, ...] = tuple(data["intercept"])  # type: ignore[arg-type]
        self.beta = float(data["beta"])  # type: ignore[arg-type]
        self.unsure_below = float(data.get("unsure_below") or 0.0)  # type: ignore[arg-type]
        threshold = data.get("threshold")
        self.threshold = None if threshold is None else float(threshold)  # type: ignore[arg-type]
        # A copy: lookups in the dict orjson builds are several times slower (measured).
        self.features: dict[str, list[float]] = dict(data["features"])  # type: ignore[call-overload]
        self.trained: Mapping[str, object] = data.get("trained", {})  # type: ignore[assignment]
        self.binary = len(self.classes) == 2
        # a binary model's one weight per feature, unwrapped (scored without lists)
        self.weights = {name: row[0] for name, row in self.features.items()} if self.binary else {}
        # what the model knows, for the intersection (a set's is faster than a dict's keys')
        self.names = frozenset(self.features)
        width = 1 if self.binary else len(self.classes)
        if len(self.intercept) != (1 if self.binary else len(self.classes)):
            raise ModelError(f"{self.name}: intercept does not match the classes")
        if any(len(row) != width for row in self.features.values()):
            raise ModelError(f"{self.name}: a feature row has the wrong width")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"{path}: cannot read the model ({exc.strerror})") from exc
        try:
            return cls(orjson.loads(data))
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise ModelError(f"{path}: {exc}") from exc

    def scores(self, counts: Collection[str], evidence: int = 4) -> Scores:
        """The classes' probabilities for a message's features (only presence counts).

        The features the model knows are found by one set intersection. Nothing depends on
        the order of that set: a binary model sums exactly (:func:`math.fsum`), a
        multi-class one sums in name order; evidence ties go by name."""
        if self.binary:
            return self._binary_scores(counts, evidence)
        names = sorted(self.names.intersection(counts))
        rows = [self.features[name] for name in names]
        sums = [sum(col) for col in zip(*rows, strict=True)] if rows else None
        logits = [b + (sums[i] if sums else 0.0) for i, b in enumerate(self.intercept)]
        top = max(logits)
        exps = [math.exp(self.beta * (z - top)) for z in logits]
        total = sum(exps)
        ranked = sorted(
            ((label, e / total) for label, e in zip(self.classes, exps, strict=True)),
            key=lambda pair: -pair[1],
        )
        column = list(map(itemgetter(self.classes.index(ranked[0][0])), rows))
        return Scores(tuple(ranked), _strongest(column, names, evidence))

    def _binary_scores(self, counts: Collection[str], evidence: int) -> Scores:
        weights = self.weights
        names = list(self.names.intersection(counts))
        pushes = list(map(weights.__getitem__, names))
        logit = self.intercept[0] + math.fsum(pushes)
        positive = 1.0 / (1.0 + math.exp(-2.0 * self.beta * logit))
        ranked = [(self.classes[1], positive), (self.classes[0], 1.0 - positive)]
        if positive < 0.5:
            ranked.reverse()
            pushes = list(map(operator.neg, pushes))  # what pushed it towards the first class
        return Scores(tuple(ranked), _strongest(pushes, names, evidence))


def _strongest(
    pushes: list[float], names: list[str], evidence: int
) -> tuple[tuple[str, float], ...]:
    """The ``evidence`` features that pushed most (more than nothing), strongest first; ties
    go to the later name: the largest (push, name) pairs. Only the pairs that push at least
    as much as the ``evidence``-th strongest are made and sorted (sorting floats in C is
    cheaper than :func:`heapq.nlargest`'s loop over every pair)."""
    pairs: Iterable[tuple[float, str]] = zip(pushes, names, strict=True)
    if len(pushes) > evidence:
        cut = sorted(pushes, reverse=True)[evidence - 1]
        pairs = compress(zip(pushes, names, strict=True), map(cut.__le__, pushes))
    strong = sorted(pairs, reverse=True)[:evidence]
    return tuple((name, round(push, 3)) for push, name in strong if push > 0)
