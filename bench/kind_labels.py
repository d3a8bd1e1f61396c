"""The hand-labelled evaluation set for the follow-up kinds: loading, checking, scoring.

The labels live in ``bench/data/kind-labels.tsv`` (tab-separated, one header line):

    stratum  group  file  sha256  label  note

* ``stratum``: ``random`` (the seeded random sample of SpamAssassin ham, see
  ``bench/kind_sample.py``), ``flagged`` (every SpamAssassin ham message the classifier gave
  a follow-up kind when the labels were made, 2026-11-27) or ``seed`` (the six comments of
  the seed page, as ``tests/mail/seedmail.py`` turns them into mail).
* ``group`` and ``file``: the corpus file ``.cache/corpora/spam-assassin/data/GROUP/FILE``;
  for the seed stratum ``seed-page`` and ``comment-N`` (N = the comment's number).
* ``sha256``: of the file's bytes (seed: of the comment's text, UTF-8). A mismatch means the
  labels no longer describe the messages; :func:`message_bytes` refuses it.
* ``label``: one of :data:`KINDS` (definitions in ``bench/README.md``); ``note``: why.

Example::

    >>> rows = load_labels()
    >>> {row.stratum for row in rows} == {"random", "flagged", "seed"}
    True
    >>> wilson(0, 10)[0]
    0.0
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "kind-labels.tsv"
CORPUS = ROOT / ".cache" / "corpora" / "spam-assassin" / "data"
KINDS = ("thank_you", "status_inquiry", "scheduling", "application", "withdrawal", "other")
FOLLOW_UPS = KINDS[:-1]
STRATA = ("random", "flagged", "seed")
HEADER = ["stratum", "group", "file", "sha256", "label", "note"]


class LabelError(ValueError):
    """The label file is malformed, or a labelled message is missing or has changed."""


@dataclass(frozen=True)
class LabelRow:
    stratum: str
    group: str
    file: str
    sha256: str
    label: str
    note: str

    @property
    def key(self) -> tuple[str, str]:
        return self.group, self.file


def load_labels(path: Path = LABELS) -> list[LabelRow]:
    """Every row, checked for shape: known stratum and label, a 64-hex sha256, no duplicate."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != HEADER:
            raise LabelError(f"{path}: header must be {HEADER}, not {header}")
        rows: list[LabelRow] = []
        seen: set[tuple[str, str, str]] = set()
        for number, fields in enumerate(reader, start=2):
            if len(fields) != len(HEADER):
                raise LabelError(f"{path}:{number}: {len(fields)} fields, expected 6")
            row = LabelRow(*fields)
            if row.stratum not in STRATA:
                raise LabelError(f"{path}:{number}: unknown stratum {row.stratum!r}")
            if row.label not in KINDS:
                raise LabelError(f"{path}:{number}: unknown label {row.label!r}")
            if len(row.sha256) != 64 or set(row.sha256) - set("0123456789abcdef"):
                raise LabelError(f"{path}:{number}: bad sha256 {row.sha256!r}")
            if (row.stratum, *row.key) in seen:
                raise LabelError(f"{path}:{number}: {row.stratum} {row.file} listed twice")
            seen.add((row.stratum, *row.key))
            rows.append(row)
    return rows


def seed_comments() -> dict[str, tuple[bytes, bytes]]:
    """The seed page's comments: ``comment-N`` -> (a one-message mbox, the comment's text)."""
    from tests.mail.seedmail import posts, to_mbox  # the seed page as mail

    return {
        f"comment-{post.number}": (to_mbox([post]), post.body.encode("utf-8"))
        for post in posts()
        if post.kind == "comment"
    }


def message_bytes(
    row: LabelRow, corpus: Path = CORPUS, seed: dict[str, tuple[bytes, bytes]] | None = None
) -> bytes:
    """The labelled message's bytes (seed: a one-message mbox), checked against the sha256.

    Raises :class:`LabelError` when the message is missing or is not the one labelled.
    """
    if row.stratum == "seed":
        seed = seed if seed is not None else seed_comments()
        if row.file not in seed:
            raise LabelError(f"seed comment {row.file} not on the seed page")
        data, hashed = seed[row.file]
    else:
        path = corpus / row.group / row.file
        if not path.is_file():
            raise LabelError(f"labelled message {path} is missing")
        data = hashed = path.read_bytes()
    digest = hashlib.sha256(hashed).hexdigest()
    if digest != row.sha256:
        raise LabelError(
            f"{row.group}/{row.file}: sha256 {digest} does not match the labelled "
            f"{row.sha256}: the message changed, its label no longer applies"
        )
    return data


def wilson(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval for a proportion (NaN, NaN when there are no trials)."""
    if trials == 0:
        return math.nan, math.nan
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class KindScore:
    kind: str
    positives: int  # labelled this kind
    predicted: int  # classified as this kind
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> tuple[int, int]:
        return self.tp, self.predicted

    @property
    def recall(self) -> tuple[int, int]:
        return self.tp, self.positives


def score(pairs: Iterable[tuple[str, str]]) -> list[KindScore]:
    """Per-kind counts from (label, predicted) pairs, in :data:`KINDS` order."""
    pairs = list(pairs)
    scores = []
    for kind in KINDS:
        tp = sum(1 for label, got in pairs if label == kind and got == kind)
        fp = sum(1 for label, got in pairs if label != kind and got == kind)
        fn = sum(1 for label, got in pairs if label == kind and got != kind)
        positives = sum(1 for label, _ in pairs if label == kind)
        scores.append(KindScore(kind, positives, tp + fp, tp, fp, fn))
    return scores


def confusion(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Counts of (label, predicted)."""
    counts: dict[tuple[str, str], int] = {}
    for pair in pairs:
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def ratio(hits: int, total: int) -> str:
    """``"33% (1/3) [6-79%]"``: a proportion with its Wilson interval; ``"— (0/0)"`` if none."""
    if total == 0:
        return "— (0/0)"
    low, high = wilson(hits, total)
    return f"{hits / total:.0%} ({hits}/{total}) [{low:.0%}–{high:.0%}]"


def markdown(rows: list[list[str]]) -> str:
    """A Markdown table; the first row is the header."""
    out = io.StringIO()
    out.write("| " + " | ".join(rows[0]) + " |\n")
    out.write("| " + " | ".join("---" for _ in rows[0]) + " |\n")
    for row in rows[1:]:
        out.write("| " + " | ".join(row) + " |\n")
    return out.getvalue()


CONFIDENCE_BINS = (0.0, 0.4, 0.6, 0.8, 0.9, 1.0)


def reliability(answers: Sequence[tuple[float, bool]]) -> tuple[str, float]:
    """How far the stated confidence can be taken at its word: ``answers`` are (confidence,
    right) pairs; a Markdown table of the confidence bins (each up to, not including, its
    upper edge; the last includes 1.0) with their mean confidence and the share right, and
    the expected calibration error (the bins' gaps weighted by their size)."""
    table = [["confidence", "answers", "mean confidence", "right [95% CI]"]]
    gap = 0.0
    for low, high in pairwise(CONFIDENCE_BINS):
        last = high == CONFIDENCE_BINS[-1]
        chosen = [(c, r) for c, r in answers if low <= c < high or (last and c == high)]
        if not chosen:
            continue
        mean = sum(c for c, _ in chosen) / len(chosen)
        right = sum(1 for _, r in chosen if r)
        gap += len(chosen) * abs(mean - right / len(chosen))
        table.append(
            [f"{low:.1f}–{high:.1f}", str(len(chosen)), f"{mean:.2f}", ratio(right, len(chosen))]
        )
    return markdown(table), gap / len(answers) if answers else math.nan
