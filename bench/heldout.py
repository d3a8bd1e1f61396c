"""Held-out accuracy of the learned models on the hand-labelled Enron-Spam mail.

Run:  .venv/bin/python bench/heldout.py [--side candidate|employer|job|spam ...]
(``bench/classify_accuracy.py`` runs it too, after the SpamAssassin strata.)

Every labelled message is predicted by a model trained without its fold (5 folds, split
by thread: a quoted copy never sits on both sides; :mod:`followline.learning.evaluate`),
through the same JSON model and pure-Python scoring the product uses. The written examples
(``bench/data/written-examples*.jsonl``) are trained on in every fold and never scored.

* **kinds**, per side, on the job mail of that side: the messages' own labels (``own``)
  and the forwarded job mail cut out of internal forwards (``forwarded``); per kind,
  precision and recall with 95% Wilson intervals, F1, a confusion matrix, and the phrase
  rules alone on the same messages (*before*);
* **job mail or not** on every labelled message;
* **spam** on every message of SpamAssassin and Enron-Spam (three folds by message, three
  more inside each for calibration and the threshold), model or phrase rules as the
  product decides, at the precision-first threshold chosen inside each training fold.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.kind_labels import markdown, ratio, reliability  # noqa: E402
from followline.classify import phrases  # noqa: E402
from followline.classify.labels import JOB_LABELS, NOT_JOB, Side  # noqa: E402
from followline.learning.evaluate import (  # noqa: E402
    HeldOut,
    held_out_job,
    held_out_kinds,
    held_out_spam,
    without_context,
)
from followline.learning.examples import spam_examples  # noqa: E402
from followline.learning.pipeline import Inputs  # noqa: E402

CORPORA = ROOT / ".cache" / "corpora"
WRITTEN = tuple(sorted((ROOT / "bench" / "data").glob("written-examples*.jsonl")))
INPUTS = Inputs(
    ROOT / "bench" / "data" / "enron-labels.tsv",
    CORPORA / "enron-spam",
    ROOT / "bench" / "data" / "kind-labels.tsv",
    CORPORA / "spam-assassin" / "data",
    WRITTEN,
)


def f1(tp: int, predicted: int, positives: int) -> str:
    if tp == 0:
        return "0.00"
    p, r = tp / predicted, tp / positives
    return f"{2 * p * r / (p + r):.2f}"


def kind_table(pairs: Sequence[tuple[str, str]], labels: Sequence[str]) -> str:
    table = [["kind", "labelled", "predicted", "TP", "precision [95% CI]", "recall [95% CI]", "F1"]]
    for kind in labels:
        positives = sum(1 for label, _ in pairs if label == kind)
        predicted = sum(1 for _, got in pairs if got == kind)
        tp = sum(1 for label, got in pairs if label == got == kind)
        if positives or predicted:
            row = [kind, str(positives), str(predicted), str(tp)]
            row += [ratio(tp, predicted), ratio(tp, positives), f1(tp, predicted, positives)]
            table.append(row)
    right = sum(1 for label, got in pairs if label == got)
    table.append(["accuracy", str(len(pairs)), "", str(right), "", ratio(right, len(pairs)), ""])
    return markdown(table)


def confusion_table(
    pairs: Sequence[tuple[str, str]], labels: Sequence[str], extra: Sequence[str] = ()
) -> str:
    shown = [*labels, *extra, "unsure"]
    table = [["labelled \\ predicted", *shown]]
    for label in labels:
        counts = [sum(1 for a, b in pairs if a == label and b == got) for got in shown]
        table.append([label, *(str(n) if n else "·" for n in counts)])
    return markdown(table)


def rules_label(held: HeldOut, side: Side) -> str:
    """What the phrase rules alone said (before the model)."""
    example = held.example
    if side is Side.EMPLOYER:
        return str(phrases.employer_kind(example.text, example.subject)[0])
    return str(phrases.classify(example.text, example.subject).kind)


@functools.cache
def job_held_out() -> list[HeldOut]:
    """Every labelled message as job mail or not, held out (computed once per run)."""
    return held_out_job(INPUTS.labelled(), INPUTS.train_only())


def report_kinds(side: Side) -> None:
    started = time.perf_counter()
    held = held_out_kinds(INPUTS.labelled(), side, INPUTS.train_only())
    took = time.perf_counter() - started
    labels = JOB_LABELS[side]
    answers = without_context(held, job_held_out(), side)
    cold = dict(zip((h.example.source for h in held), answers, strict=True))
    print(f"\n## {side.value.title()} kinds, held out ({len(held)} job messages, {took:.0f} s)\n")
    for name, chosen in (
        ("own messages", [h for h in held if h.example.stratum != "forwarded"]),
        ("forwarded job mail", [h for h in held if h.example.stratum == "forwarded"]),
        ("both", held),
    ):
        model_pairs = [(h.example.label, h.label) for h in chosen]
        shipped = [(h.example.label, h.shipped) for h in chosen]
        rules = [(h.example.label, rules_label(h, side)) for h in chosen]
        print(f"### {name}: {len(chosen)} messages\n")
        print("After, as shipped (the model; the phrase rules when it is unsure; else unsure):\n")
        print(kind_table(shipped, labels))
        print(confusion_table(shipped, labels))
        sure = [pair for pair in shipped if pair[1] != "unsure"]
        right = sum(1 for a, b in sure if a == b)
        print(f"Answered (not `unsure`): {ratio(len(sure), len(shipped))} of the messages;")
        print(f"accuracy on those {ratio(right, len(sure))}.\n")
        print("The model alone (its best label, never unsure):\n")
        print(kind_table(model_pairs, labels))
        print("Before (the phrase rules alone):\n")
        print(kind_table(rules, labels))
        uncontexted = [(h.example.label, cold[h.example.source]) for h in chosen]
        print(
            "Without context (as `followline classify` reads a mailbox: the job"
            " model first, `not_job` below 0.5; then the kind):\n"
        )
        print(kind_table(uncontexted, [*labels, NOT_JOB]))
        print(confusion_table(uncontexted, labels, extra=(NOT_JOB,)))
    print_reliability(held, f"all {side.value} job mail")


def print_reliability(held: Sequence[HeldOut], what: str) -> None:
    """Does the stated confidence hold? The model's best label against its calibrated
    confidence (the number the product shows), held out."""
    table, error = reliability([(h.confidence, h.label == h.example.label) for h in held])
    print(f"### Confidence against the share right: {what}, {len(held)} messages\n")
    print(table)
    print(f"Expected calibration error: {error:.3f}.\n")


def report_job() -> None:
    held = job_held_out()
    pairs = [(h.example.label, h.label) for h in held]
    print(f"\n## Job mail or not, held out ({len(held)} labelled messages)\n")
    print(kind_table(pairs, ["job", NOT_JOB]))
    print_reliability(held, "job mail or not")


def report_spam() -> None:
    started = time.perf_counter()
    held = held_out_spam(spam_examples(INPUTS.spamassassin, INPUTS.enron))
    took = time.perf_counter() - started
    print(f"\n## Spam, held out ({len(held)} messages, 3 folds, {took:.0f} s)\n")
    table = [["corpus", "ham", "spam", "called spam", "precision [95% CI]", "recall [95% CI]"]]
    corpora: dict[str, list[HeldOut]] = {}
    for h in held:
        name = h.example.source.split("/")[0]
        key = "SpamAssassin " + name if h.example.stratum == "spamassassin" else name
        corpora.setdefault(key, []).append(h)
    corpora["all"] = held
    for name, chosen in corpora.items():
        spam = sum(1 for h in chosen if h.example.label == "spam")
        called = sum(1 for h in chosen if h.label == "spam")
        tp = sum(1 for h in chosen if h.label == h.example.label == "spam")
        table.append(
            [
                name,
                str(len(chosen) - spam),
                str(spam),
                str(called),
                ratio(tp, called),
                ratio(tp, spam),
            ]
        )
    print(markdown(table))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--side", choices=["candidate", "employer", "job", "spam"], action="append", default=[]
    )
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # scikit-learn's notes on the rare classes' folds
    for name in args.side or ["candidate", "employer", "job", "spam"]:
        if name == "job":
            report_job()
        elif name == "spam":
            report_spam()
        else:
            report_kinds(Side(name))


if __name__ == "__main__":
    main()
