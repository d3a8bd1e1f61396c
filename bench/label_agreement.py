"""How far two blind readings of the same Enron-Spam messages agree.

Run:  .venv/bin/python bench/label_agreement.py [--disagreements]

The first reading is ``bench/data/enron-labels/part-*.tsv``; the second, blind one is
``recheck-0.tsv`` and ``recheck-1.tsv`` beside it (``bench/enron_sample.py recheck-*``).
Prints, over the messages both read: raw agreement and Cohen's kappa (scikit-learn), for
the message's own label and for the ``forwarded`` one; per label the *positive agreement*
(2 x both / (first + second): the F1 one reader scores against the other, so the ceiling
an honest classifier can be expected to reach on these labels); and the confusion of the
two readings. ``--disagreements`` lists the messages read differently (number, first,
second, both notes), the worklist of the third reading (``adjudicated.tsv``); with
``--show`` each comes with its text, as ``enron_sample.py show`` prints it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.enron_sample import PARTS, first_labels, print_messages, read_part, sample  # noqa: E402
from bench.kind_labels import markdown  # noqa: E402


def second_labels() -> dict[int, tuple[str, str, str]]:
    labels: dict[int, tuple[str, str, str]] = {}
    for part in sorted(PARTS.glob("recheck-*.tsv")):
        labels.update(read_part(part))
    return labels


def positive_agreement(pairs: list[tuple[str, str]]) -> list[list[str]]:
    table = [["label", "first", "second", "both", "positive agreement"]]
    for label in sorted({a for a, _ in pairs} | {b for _, b in pairs}):
        first = sum(1 for a, _ in pairs if a == label)
        second = sum(1 for _, b in pairs if b == label)
        both = sum(1 for a, b in pairs if a == b == label)
        table.append(
            [label, str(first), str(second), str(both), f"{2 * both / (first + second):.2f}"]
        )
    return table


def confusion(pairs: list[tuple[str, str]]) -> list[list[str]]:
    labels = sorted({a for a, _ in pairs} | {b for _, b in pairs})
    counts = Counter(pairs)
    table = [["first \\ second", *labels]]
    for a in labels:
        table.append([a, *(str(counts[(a, b)] or "·") for b in labels)])
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disagreements", action="store_true")
    parser.add_argument("--show", action="store_true", help="with --disagreements: the texts")
    args = parser.parse_args(argv)
    first, second = first_labels(), second_labels()
    both = sorted(set(first) & set(second))
    if not both:
        sys.exit("no message has both readings yet")
    for name, index in (("own label", 0), ("forwarded label", 1)):
        pairs = [(first[n][index], second[n][index]) for n in both]
        agree = sum(1 for a, b in pairs if a == b)
        kappa = cohen_kappa_score([a for a, _ in pairs], [b for _, b in pairs])
        print(f"\n## {name}: {len(pairs)} messages read twice\n")
        share = f"{agree}/{len(pairs)} = {agree / len(pairs):.0%}"
        print(f"Raw agreement {share}; Cohen's kappa {kappa:.2f}\n")
        print(markdown(positive_agreement(pairs)))
        print(markdown(confusion(pairs)))
    if args.disagreements:
        print("\n## Read differently\n")
        rows = {row.number: row for row in sample()}
        for n in both:
            if first[n][:2] != second[n][:2]:
                if args.show:
                    print_messages([rows[n]])
                print(f"#{n}\tfirst {first[n][0]}/{first[n][1]}: {first[n][2]}")
                print(f"\tsecond {second[n][0]}/{second[n][1]}: {second[n][2]}")


if __name__ == "__main__":
    main()
