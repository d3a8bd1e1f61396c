"""The random sample of SpamAssassin ham labelled by hand for the follow-up kinds, shown blind.

Run:  .venv/bin/python bench/kind_sample.py [--show 0:50] [--rows]

The sample: the ham files of the SpamAssassin corpus (groups ``easy-ham-1``, ``easy-ham-2``,
``hard-ham-1``; 4,150 ``.txt`` files, sorted by group then file name) and
``random.Random(SEED).sample(files, SIZE)`` with ``SEED = 20261127`` and ``SIZE = 1000``.

This script never imports the classifier: it prints each sampled message (its number in the
sample, group, file name, From, Subject, Date and the first ~2,000 characters of its text:
the first text/plain part, else the first text part with HTML tags dropped; quoted ``>``
lines dropped; cut at a ``--`` signature line or a mailing list's ``____``/``----`` footer
rule) so that a person can label it without seeing what the classifier says. ``--rows``
prints the sample as TSV rows (stratum, group, file, sha256) to fill in. The labels, the
definitions of the kinds and the whole design are in ``bench/data/kind-labels.tsv``,
``bench/classify_accuracy.py`` and ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import email
import hashlib
import random
import re
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".cache" / "corpora" / "spam-assassin" / "data"
HAM_GROUPS = ("easy-ham-1", "easy-ham-2", "hard-ham-1")
SEED = 20261127
SIZE = 1000
_TAG = re.compile(r"<[^>]+>")
_BLANKS = re.compile(r"\n\s*\n(\s*\n)+")
_FOOTER = re.compile(r"^(_{20,}|-{40,})\s*$")


def ham_files(corpus: Path = CORPUS) -> list[Path]:
    """Every ham file, sorted by group then name (the population the sample is drawn from)."""
    return [path for group in HAM_GROUPS for path in sorted((corpus / group).glob("*.txt"))]


def sample(corpus: Path = CORPUS, seed: int = SEED, size: int = SIZE) -> list[Path]:
    """The random sample, in the order drawn."""
    return random.Random(seed).sample(ham_files(corpus), size)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _text(msg: Message) -> str:
    """The first text/plain part, else the first text/html part with its tags dropped."""
    parts = [p for p in msg.walk() if p.get_content_maintype() == "text"]
    part = next((p for p in parts if p.get_content_subtype() == "plain"), None)
    part = part or (parts[0] if parts else None)
    if part is None:
        return ""
    payload = part.get_payload(decode=True) or b""
    text = payload.decode(part.get_content_charset() or "latin-1", errors="replace")
    if part.get_content_subtype() == "html":
        text = _TAG.sub(" ", text)
    return text


def show(path: Path, number: int, limit: int = 2000) -> str:
    msg = email.message_from_bytes(path.read_bytes())
    lines = []
    for line in _text(msg).splitlines():
        if line.rstrip() == "--" or _FOOTER.match(line):
            break  # the signature or the mailing list's footer: not the message's own text
        if not line.lstrip().startswith(">"):
            lines.append(line)
    body = _BLANKS.sub("\n\n", "\n".join(lines)).strip()[:limit]
    return (
        f"=== #{number} {path.parent.name} {path.name[:5]}\n"
        f"From: {msg['From']}\nSubject: {msg['Subject']}\nDate: {msg['Date']}\n\n{body}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", default="0:400", help="slice of the sample, e.g. 0:50")
    parser.add_argument("--rows", action="store_true", help="TSV rows of the sample")
    parser.add_argument("--limit", type=int, default=2000, help="characters of text shown")
    args = parser.parse_args()
    drawn = sample()
    if args.rows:
        for path in drawn:
            print(f"random\t{path.parent.name}\t{path.name}\t{sha256(path)}")
        return
    start, stop = (int(x) for x in args.show.split(":"))
    for number in range(start, min(stop, len(drawn))):
        print(show(drawn[number], number, args.limit))


if __name__ == "__main__":
    main()
