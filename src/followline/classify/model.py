"""A trained linear model, read from JSON and applied in pure Python (no numpy, no pickle).

The training side (:mod:`followline.learning`) fits scikit-learn's ``TfidfTransformer``
(sublinear tf, l2 norm) and ``LogisticRegression``, calibrated by temperature scaling
(``CalibratedClassifierCV(method="temperature")``), and writes what applying them takes:

.. code-block:: json

    {"format": "followline-linear/1", "name": "candidate",
     "classes": ["not_job", "status_inquiry", ...],
     "intercept": [...], "beta": 1.3, "unsure_below": 0.5, "threshold": null,
     "features": {"decision": [idf, w_class0, w_class1, ...], ...},
     "trained": {...what it was trained on...}}

A binary model (spam) has one weight per feature, for its second class. Applying it is the
same arithmetic as scikit-learn's: counts of the known features, ``(1 + ln n) * idf``,
scaled to unit length, dot the weights plus the intercept, times ``beta``, softmax (or the
logistic for a binary model). ``tests/mail/test_kind_model.py`` checks the two agree.

The evidence of a prediction is the features that pushed it most towards its class
(weight times value, largest first).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import orjson

FORMAT = "followline-linear/1"


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
        self.features: dict[str, list[float]] = data["features"]  # type: ignore[assignment]
        self.trained: Mapping[str, object] = data.get("trained", {})  # type: ignore[assignment]
        self.binary = len(self.classes) == 2
        width = 2 if self.binary else 1 + len(self.classes)
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

    def scores(self, counts: Mapping[str, int], evidence: int = 4) -> Scores:
        known: list[tuple[float, list[float], str]] = []
        square = 0.0
        for name, count in counts.items():
            row = self.features.get(name)
            if row is not None:
                value = (1.0 + math.log(count)) * row[0]
                known.append((value, row, name))
                square += value * value
        norm = math.sqrt(square) or 1.0
        known = [(value / norm, row, name) for value, row, name in known]
        if self.binary:
            logit = self.intercept[0] + sum(value * row[1] for value, row, _ in known)
            positive = 1.0 / (1.0 + math.exp(-2.0 * self.beta * logit))
            ranked = [(self.classes[1], positive), (self.classes[0], 1.0 - positive)]
            ranked.sort(key=lambda pair: -pair[1])
            sign = 1.0 if ranked[0][0] == self.classes[1] else -1.0
            pushes = [(name, sign * value * row[1]) for value, row, name in known]
        else:
            logits = list(self.intercept)
            for value, row, _ in known:
                for k in range(len(logits)):
                    logits[k] += value * row[k + 1]
            top = max(logits)
            exps = [math.exp(self.beta * (z - top)) for z in logits]
            total = sum(exps)
            ranked = sorted(
                ((label, e / total) for label, e in zip(self.classes, exps, strict=True)),
                key=lambda pair: -pair[1],
            )
            best = self.classes.index(ranked[0][0])
            pushes = [(name, value * row[best + 1]) for value, row, name in known]
        pushes.sort(key=lambda pair: -pair[1])
        strongest = tuple((name, round(push, 3)) for name, push in pushes[:evidence] if push > 0)
        return Scores(tuple(ranked), strongest)
