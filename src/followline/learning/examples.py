"""The examples the models learn from, read from the labels, the corpora and corrections.

* **Kinds** (:func:`kind_examples`): the hand labels of Enron-Spam
  (``bench/data/enron-labels.tsv``: path, sha256, label, forwarded; the guide is
  ``bench/data/LABEL-GUIDE.md``), each message's own text (:func:`own_text`) with its label,
  and, where a label row names a ``forwarded`` kind, the forwarded text with that kind too;
  the SpamAssassin ham labelled ``other`` for the first classifier
  (``bench/data/kind-labels.tsv``: mailing-list mail, here ``not_job``); and the users'
  corrections and the written examples (:func:`read_jsonl`, JSON Lines: ``followline kinds
  export-corrections``, ``bench/data/written-examples.jsonl``).
* **Spam** (:func:`spam_examples`): every message of SpamAssassin (``spam-*`` against the
  ham groups) and of Enron-Spam (``spam/`` against ``ham/``).

A labelled file whose bytes no longer match its sha256 is refused: its label may not apply.
Each example carries a ``group``, the thread it belongs to (its subject without
"Re:"/"Fw:" prefixes), so that evaluation folds never split a thread.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from followline.classify.features import forwarded_text, own_text
from followline.classify.labels import CANDIDATE_LABELS, EMPLOYER_LABELS, NOT_JOB
from followline.mail.parse import parse_message
from followline.mail.reply import strip_reply

ALL_LABELS = frozenset(CANDIDATE_LABELS) | frozenset(EMPLOYER_LABELS)
_PREFIXES = re.compile(r"^(?:\s*(?:re|fw|fwd)\s*:\s*)+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


class ExampleError(ValueError):
    """A label file that is malformed, or names a message that is missing or changed."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str  # the author's own words
    subject: str
    label: str
    group: str  # the thread: evaluation folds keep a thread on one side
    source: str  # where it came from, for reports
    stratum: str = ""


def thread_of(subject: str, fallback: str) -> str:
    key = _SPACES.sub(" ", _PREFIXES.sub("", subject)).strip().lower()
    return key or fallback


def _checked(path: Path, sha256: str) -> bytes:
    if not path.is_file():
        raise ExampleError(f"labelled message {path} is missing")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ExampleError(f"{path}: changed since it was labelled (sha256 differs)")
    return data


def split_enron(data: bytes) -> tuple[str, str]:
    """An Enron-Spam file: its ``Subject:`` first line and its body."""
    text = data.decode("latin-1").replace("\r", "")
    first, _, body = text.partition("\n")
    subject = first[len("Subject:") :].strip() if first.startswith("Subject:") else ""
    return subject, body


def enron_examples(labels: Path, corpus: Path) -> Iterator[Example]:
    with open(labels, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["label"] not in ALL_LABELS:
                raise ExampleError(f"{labels}: unknown label {row['label']!r}")
            source = f"{row['mailbox']}/{row['file']}"
            subject, body = split_enron(_checked(corpus / source, row["sha256"]))
            group = thread_of(subject, source)
            yield Example(own_text(body), subject, row["label"], group, source, row["stratum"])
            forwarded = row["forwarded"]
            if forwarded not in ("", "-"):
                if forwarded not in ALL_LABELS:
                    raise ExampleError(f"{labels}: unknown forwarded label {forwarded!r}")
                inner = own_text(forwarded_text(body))
                if inner:
                    yield Example(inner, subject, forwarded, group, f"{source}#fwd", "forwarded")


def spamassassin_examples(labels: Path, corpus: Path) -> Iterator[Example]:
    """The SpamAssassin ham labelled ``other`` for the first classifier: not job mail."""
    with open(labels, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["stratum"] == "seed" or row["label"] != "other":
                continue
            source = f"{row['group']}/{row['file']}"
            parsed = parse_message(_checked(corpus / source, row["sha256"]))
            text = strip_reply(parsed.text).body
            group = thread_of(parsed.subject, source)
            yield Example(text, parsed.subject, NOT_JOB, group, source, "spamassassin")


def read_jsonl(path: Path, stratum: str) -> Iterator[Example]:
    """Examples written one JSON object a line with ``side``, ``label``, ``text``,
    ``subject``: the corrections exported from the web app (``followline kinds
    export-corrections``) and the written examples (``bench/data/written-examples*.jsonl``)."""
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = orjson.loads(line)
            label, text, subject = item["label"], item["text"], item.get("subject", "")
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise ExampleError(f"{path}:{number}: not a correction ({exc})") from exc
        if label not in ALL_LABELS:
            raise ExampleError(f"{path}:{number}: unknown label {label!r}")
        source = f"{path.name}:{number}"
        group = f"{stratum}:{thread_of(subject, source)}"
        yield Example(own_text(text), subject, label, group, source, stratum)


def kind_examples(
    enron_labels: Path, enron_corpus: Path, sa_labels: Path | None, sa_corpus: Path | None
) -> list[Example]:
    """The labelled real mail: held out by evaluation, fold by fold."""
    examples = list(enron_examples(enron_labels, enron_corpus))
    if sa_labels is not None and sa_corpus is not None:
        examples += spamassassin_examples(sa_labels, sa_corpus)
    return examples


def spam_examples(sa_corpus: Path | None, enron_corpus: Path) -> list[Example]:
    """Every message of both corpora, labelled ``spam`` or ``ham`` by its folder."""
    examples: list[Example] = []
    if sa_corpus is not None:
        for folder in sorted(p for p in sa_corpus.iterdir() if p.is_dir()):
            label = "spam" if folder.name.startswith("spam") else "ham"
            for path in sorted(folder.glob("*.txt")):
                parsed = parse_message(path.read_bytes())
                source = f"{folder.name}/{path.name}"
                examples.append(
                    Example(parsed.text, parsed.subject, label, source, source, "spamassassin")
                )
    for mailbox in sorted(p for p in enron_corpus.iterdir() if p.is_dir()):
        for label in ("ham", "spam"):
            for path in sorted((mailbox / label).glob("*.txt")):
                subject, body = split_enron(path.read_bytes())
                source = f"{mailbox.name}/{label}/{path.name}"
                examples.append(Example(body, subject, label, source, source, "enron"))
    return examples
