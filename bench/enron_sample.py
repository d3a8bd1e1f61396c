"""The Enron-Spam messages labelled by hand for the kinds of both sides, shown blind.

Run:  .venv/bin/python bench/enron_sample.py show BATCH [--start N] [--count N]
      .venv/bin/python bench/enron_sample.py stats
      .venv/bin/python bench/enron_sample.py merge     # parts -> bench/data/enron-labels.tsv
      .venv/bin/python bench/enron_sample.py recheck-draw
      .venv/bin/python bench/enron_sample.py recheck-show HALF [--start N] [--count N]

The corpus is ``../shared/corpora/enron-spam/`` unpacked into the git-ignored
``.cache/corpora/enron-spam/`` (``scripts/test-setup.d/20-mail-corpora.sh`` does it). Each
message is a ``Subject:`` line and a body, no other headers.

The sample (deterministic: files sorted, ``random.Random(SEED)``), in strata:

* ``job``: every ``enron2`` ham message (the research manager's mailbox) that matches
  :data:`JOB_WORDS`, a deliberately broad keyword net for job mail (interview, résumé,
  candidate, offer letter, transcript, internship, ...);
* ``job-other``: 200 of the keyword hits in the other five mailboxes' ham;
* ``random``: 600 of the ham messages no keyword matched, all six mailboxes (finds the job
  mail the net missed, and measures the rest);
* ``spam-lookalike``: 400 of the spam messages the keyword net catches (work-from-home
  "offers", fake recruiters);
* ``spam-random``: 100 of the other spam;
* ``job-extra`` (second round, three more batches): every other ``enron2`` ham message
  that the wider net :data:`MORE_JOB_WORDS` catches (thanks, decision, visit, student...);
* ``enron2-rest`` (third round, :data:`REST_BATCHES` more batches): every ``enron2`` ham
  message neither net caught, so that the research manager's whole mailbox is read.

The keyword net only chooses what is read; it is no classifier, and nothing here imports
followline's. The whole sample is shuffled once and cut into :data:`BATCHES` batches, so a
labeller sees the strata mixed and never which stratum a message came from. ``show`` prints
each message's number in the sample, its subject and its first 3,000 characters. Labellers
write ``bench/data/enron-labels/part-B.tsv`` (number, label, forwarded, note); ``merge``
joins the parts with the sample into ``bench/data/enron-labels.tsv`` (stratum, mailbox,
file, sha256, label, forwarded, note). The label guide is ``bench/data/LABEL-GUIDE.md``.

**A second, blind reading** (``recheck-*``): the messages most likely to be job mail
(every one labelled job mail or carrying a forwarded label, every ``not_job`` whose note
starts with ``?``, and 150 each of the ``not_job`` marked ``internal`` and of the other
``not_job`` of the job strata, drawn with :data:`SEED`) are shuffled into two halves and
labelled again by a second labeller who sees neither the first labels nor any model:
``recheck-draw`` writes the list (``bench/data/enron-labels/recheck-list.txt``),
``recheck-show`` prints a half, labellers write ``recheck-HALF.tsv`` in the parts' format.
``bench/label_agreement.py`` compares the two readings; where they differ a third reading
that sees both (``adjudicated.tsv``, same format, a note saying why) decides, and
``merge`` takes its label.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".cache" / "corpora" / "enron-spam"
PARTS = ROOT / "bench" / "data" / "enron-labels"
LABELS = ROOT / "bench" / "data" / "enron-labels.tsv"
MAILBOXES = ("enron1", "enron2", "enron3", "enron4", "enron5", "enron6")
SEED = 20261202
BATCHES = 6
SHOWN_CHARS = 3000
JOB_WORDS = re.compile(
    r"interview|resume|résumé|\bcv\b|candidate|job offer|offer letter|applicant|"
    r"application for|recruit|internship|intern\b|hiring|hire\b|"
    r"thank you for (your time|meeting|the opportunity|taking)|transcript|"
    r"position (with|at|in) |the position|employment|summer associate|analyst program|"
    r"associate program|headhunt|start date|offer of",
    re.IGNORECASE,
)
STRATA = {"job-other": 200, "random": 600, "spam-lookalike": 400, "spam-random": 100}
# The second round (after the first showed how rare job mail is outside the keyword net):
# every other ``enron2`` ham message that this wider net catches, in three more batches.
MORE_JOB_WORDS = re.compile(
    r"thank you|thanks for|opportunity|decision|visit|meet with|ph\.? ?d|student|position"
    r"|opening|offer|graduate|degree|program|hear from you|look forward",
    re.IGNORECASE,
)
EXTRA_BATCHES = 3
REST_BATCHES = 4


@dataclass(frozen=True)
class Sampled:
    number: int
    stratum: str
    mailbox: str
    file: str  # "ham/0327.2000-01-29.kaminski.ham.txt"

    @property
    def path(self) -> Path:
        return CORPUS / self.mailbox / self.file


def _read(path: Path) -> str:
    return path.read_bytes().decode("latin-1")


def _files(label: str) -> list[tuple[str, str]]:
    return [
        (box, f"{label}/{path.name}")
        for box in MAILBOXES
        for path in sorted((CORPUS / box / label).glob("*.txt"))
    ]


def sample() -> list[Sampled]:
    """The whole sample in labelling order, numbered from 0: the first round (shuffled, in
    :data:`BATCHES` batches), then the second (``job-extra``, in :data:`EXTRA_BATCHES`).

    Drawing it reads all 33,124 files (~13 s); the result is kept in the corpus cache.
    """
    cache = CORPUS / f".sample-{SEED}-3.tsv"
    if cache.exists():
        lines = cache.read_text(encoding="utf-8").splitlines()
        return [Sampled(int(n), s, b, f) for n, s, b, f in (line.split("\t") for line in lines)]
    rows = _draw()
    rows += _draw_extra(rows)
    rows += _draw_rest(rows)
    cache.write_text("".join(f"{r.number}\t{r.stratum}\t{r.mailbox}\t{r.file}\n" for r in rows))
    return rows


def _draw_extra(first: list[Sampled]) -> list[Sampled]:
    taken = {(row.mailbox, row.file) for row in first}
    extra = [
        item
        for item in _files("ham")
        if item[0] == "enron2"
        and item not in taken
        and MORE_JOB_WORDS.search(_read(CORPUS / item[0] / item[1]))
    ]
    random.Random(SEED + 1).shuffle(extra)
    return [Sampled(len(first) + n, "job-extra", box, file) for n, (box, file) in enumerate(extra)]


def _draw_rest(before: list[Sampled]) -> list[Sampled]:
    taken = {(row.mailbox, row.file) for row in before}
    rest = [item for item in _files("ham") if item[0] == "enron2" and item not in taken]
    random.Random(SEED + 2).shuffle(rest)
    return [
        Sampled(len(before) + n, "enron2-rest", box, file) for n, (box, file) in enumerate(rest)
    ]


def _draw() -> list[Sampled]:
    rng = random.Random(SEED)
    ham, spam = _files("ham"), _files("spam")

    def hit(item: tuple[str, str]) -> bool:
        return bool(JOB_WORDS.search(_read(CORPUS / item[0] / item[1])))

    ham_hits = [item for item in ham if hit(item)]
    spam_hits = [item for item in spam if hit(item)]
    hit_set = set(ham_hits) | set(spam_hits)
    chosen: list[tuple[str, tuple[str, str]]] = []
    chosen += [("job", item) for item in ham_hits if item[0] == "enron2"]
    others = [item for item in ham_hits if item[0] != "enron2"]
    chosen += [("job-other", item) for item in rng.sample(others, STRATA["job-other"])]
    rest = [item for item in ham if item not in hit_set]
    chosen += [("random", item) for item in rng.sample(rest, STRATA["random"])]
    chosen += [("spam-lookalike", i) for i in rng.sample(spam_hits, STRATA["spam-lookalike"])]
    plain_spam = [item for item in spam if item not in hit_set]
    chosen += [("spam-random", i) for i in rng.sample(plain_spam, STRATA["spam-random"])]
    rng.shuffle(chosen)
    return [Sampled(n, stratum, box, file) for n, (stratum, (box, file)) in enumerate(chosen)]


ROUNDS = ((None, BATCHES), ("job-extra", EXTRA_BATCHES), ("enron2-rest", REST_BATCHES))


def batches(rows: list[Sampled]) -> list[int]:
    """Each row's batch, in the rows' order: the rounds follow each other (the first,
    ``job-extra``, ``enron2-rest``; :data:`ROUNDS`), each cut into its number of batches."""
    later = {stratum for stratum, _ in ROUNDS if stratum is not None}
    sizes = [
        sum(1 for r in rows if (r.stratum if r.stratum in later else None) == stratum)
        for stratum, _ in ROUNDS
    ]
    out: list[int] = []
    offset = 0
    for size, (_, count) in zip(sizes, ROUNDS, strict=True):
        out += [offset + i * count // size for i in range(size)]
        offset += count
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def show(batch: int, start: int, count: int) -> None:
    rows = sample()
    mine = [row for row, b in zip(rows, batches(rows), strict=True) if b == batch]
    print(f"# batch {batch}: numbers {mine[0].number}..{mine[-1].number} ({len(mine)} messages)")
    print_messages(mine[start : start + count])


def print_messages(rows: list[Sampled]) -> None:
    for row in rows:
        text = _read(row.path).replace("\r", "")
        cut = "" if len(text) <= SHOWN_CHARS else f"\n[... {len(text) - SHOWN_CHARS} more chars]"
        print(f"\n======== #{row.number} ========\n{text[:SHOWN_CHARS].strip()}{cut}")


RECHECK_LIST = PARTS / "recheck-list.txt"
ADJUDICATED = PARTS / "adjudicated.tsv"
RECHECK_SAMPLE = 150


def read_part(part: Path) -> dict[int, tuple[str, str, str]]:
    """number -> (label, forwarded, note) of one labeller's file."""
    found: dict[int, tuple[str, str, str]] = {}
    with open(part, encoding="utf-8", newline="") as handle:
        for line_no, fields in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if not fields or fields[0].startswith("#") or fields[0] == "number":
                continue
            if len(fields) < 3:
                sys.exit(f"{part}:{line_no}: expected number, label, forwarded, note")
            note = fields[3].strip() if len(fields) > 3 else ""
            found[int(fields[0])] = (fields[1].strip(), fields[2].strip() or "-", note)
    return found


def first_labels() -> dict[int, tuple[str, str, str]]:
    labels: dict[int, tuple[str, str, str]] = {}
    for part in sorted(PARTS.glob("part-*.tsv")):
        labels.update(read_part(part))
    return labels


def recheck_draw() -> None:
    rows = {row.number: row for row in sample()}
    first = first_labels()
    rng = random.Random(SEED)
    job = [n for n, (label, fwd, _) in first.items() if label != "not_job" or fwd != "-"]
    doubtful = [n for n, (label, fwd, note) in first.items() if n not in job and note[:1] == "?"]
    taken = set(job) | set(doubtful)
    internal = [n for n, (_, _, note) in first.items() if n not in taken and "internal" in note]
    plain = [
        n
        for n in first
        if n not in taken
        and n not in internal
        and rows[n].stratum in ("job", "job-extra", "enron2-rest")
    ]
    chosen = job + doubtful
    chosen += rng.sample(sorted(internal), RECHECK_SAMPLE) + rng.sample(
        sorted(plain), RECHECK_SAMPLE
    )
    rng.shuffle(chosen)
    RECHECK_LIST.write_text("".join(f"{n}\n" for n in chosen))
    print(f"{len(chosen)} messages -> {RECHECK_LIST.relative_to(ROOT)}")


def recheck_show(half: int, start: int, count: int) -> None:
    numbers = [int(line) for line in RECHECK_LIST.read_text().split()]
    mine = numbers[half::2]
    rows = {row.number: row for row in sample()}
    print(f"# recheck half {half}: {len(mine)} messages")
    print_messages([rows[n] for n in mine[start : start + count]])


def merge() -> None:
    """The first labels, with the adjudicated ones in their place, joined with the sample."""
    rows = {row.number: row for row in sample()}
    labels = first_labels()
    if ADJUDICATED.exists():
        labels.update(read_part(ADJUDICATED))
    with open(LABELS, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["stratum", "mailbox", "file", "sha256", "label", "forwarded", "note"])
        for number, (label, forwarded, note) in sorted(labels.items()):
            row = rows[number]
            writer.writerow(
                [row.stratum, row.mailbox, row.file, sha256(row.path), label, forwarded, note]
            )
    print(f"{len(labels)} labels -> {LABELS.relative_to(ROOT)}")


def stats() -> None:
    rows = sample()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.stratum] = counts.get(row.stratum, 0) + 1
    print(len(rows), counts)
    of_row = batches(rows)
    for batch in range(sum(count for _, count in ROUNDS)):
        print(batch, of_row.count(batch))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    show_p = sub.add_parser("show")
    show_p.add_argument("batch", type=int)
    show_p.add_argument("--start", type=int, default=0)
    show_p.add_argument("--count", type=int, default=20)
    sub.add_parser("merge")
    sub.add_parser("stats")
    sub.add_parser("recheck-draw")
    recheck_p = sub.add_parser("recheck-show")
    recheck_p.add_argument("half", type=int, choices=(0, 1))
    recheck_p.add_argument("--start", type=int, default=0)
    recheck_p.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    if args.command == "show":
        show(args.batch, args.start, args.count)
    elif args.command == "recheck-draw":
        recheck_draw()
    elif args.command == "recheck-show":
        recheck_show(args.half, args.start, args.count)
    elif args.command == "merge":
        merge()
    else:
        stats()


if __name__ == "__main__":
    main()
