"""Whether the classifier still gives the same answers: saved answers against today's code.

Run:  .venv/bin/python bench/classify_same.py --save .cache/classify-answers.jsonl  (old code)
      .venv/bin/python bench/classify_same.py --check .cache/classify-answers.jsonl (new code)

For a speed change that must not change a single answer. Every SpamAssassin message (6,046,
read as triage reads them: the text above the first quote for the kind, the whole unquoted
text for spam, the sender) and every ``--enron-step``-th Enron-Spam message (default every
8th: about 4,100) are classified every way the product asks:

* :func:`followline.classify.classify` from the candidate's and the employer's side (kind,
  label, confidence, ``unsure``, spam and the evidence, spam's included);
* :func:`followline.classify.predict` from each side, with and without ``job_mail``;
* :func:`followline.classify.spam_score` (spam, its probability and the evidence);
* the phrase rules alone (:func:`followline.classify.phrases.classify` and
  :func:`~followline.classify.phrases.employer_kind`).

``--save`` writes one JSON line per message; ``--check`` compares (floats exactly, by their
``repr``), prints how many messages differ and the first few differences, and exits 1 when
any does. To save main's answers from a worktree, put main's source first on the path:
``PYTHONPATH=/work/main/src .venv/bin/python bench/classify_same.py --save ...``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson

import followline.classify
from followline.classify import Side, classify, phrases, predict, spam_score
from followline.learning.examples import split_enron
from followline.mail.analyse import _above_quote
from followline.mail.parse import parse_message
from followline.mail.reply import REPLY_CAP, unquoted

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / ".cache" / "corpora"


def messages(enron_step: int) -> Iterator[tuple[str, str, str, str, bool, str]]:
    """(name, kind text, subject, spam text, html_only, sender) of every message read."""
    for path in sorted((CORPORA / "spam-assassin" / "data").glob("*/*.txt")):
        parsed = parse_message(path.read_bytes())
        whole = unquoted(parsed.text[:REPLY_CAP])
        sender = f"{parsed.from_name} <{parsed.from_addr}>"
        yield (
            str(path.relative_to(CORPORA)),
            _above_quote(whole),
            parsed.subject,
            whole,
            parsed.html_only,
            sender,
        )
    enron = sorted((CORPORA / "enron-spam").glob("enron*/*/*.txt"))
    for path in enron[::enron_step]:
        subject, body = split_enron(path.read_bytes())
        yield str(path.relative_to(CORPORA)), body, subject, body, False, ""


def answers(text: str, subject: str, spam_text: str, html_only: bool, sender: str) -> list[object]:
    out: list[object] = []
    for side in Side:
        c = classify(
            text, subject, side=side, html_only=html_only, spam_text=spam_text, sender=sender
        )
        out.append([str(c.kind), c.spam, c.label, repr(c.confidence), c.unsure, c.evidence])
        for job_mail in (False, True):
            p = predict(text, subject, side=side, job_mail=job_mail)
            out.append([p.label, p.guess, repr(p.confidence), p.unsure, p.evidence, p.explain()])
    spam, probability, evidence = spam_score(spam_text, subject, html_only=html_only)
    out.append([spam, repr(probability), evidence])
    rules = phrases.classify(text, subject, html_only=html_only, spam_text=spam_text, sender=sender)
    out.append([str(rules.kind), rules.spam, rules.evidence])
    out.append([str(part) for part in phrases.employer_kind(text, subject)])
    out.append(str(followline.classify.infer_candidate_kind(text, subject)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write today's answers here")
    action.add_argument("--check", type=Path, help="compare today's answers with these")
    parser.add_argument("--enron-step", type=int, default=8)
    args = parser.parse_args()
    lines = [
        orjson.dumps([name, answers(text, subject, whole, html_only, sender)])
        for name, text, subject, whole, html_only, sender in messages(args.enron_step)
    ]
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_bytes(b"\n".join(lines) + b"\n")
        print(f"{len(lines)} messages' answers saved to {args.save}")
        return
    saved = args.check.read_bytes().splitlines()
    if len(saved) != len(lines):
        sys.exit(f"{len(saved)} messages saved, {len(lines)} read now: not the same messages")
    differ = [(old, new) for old, new in zip(saved, lines, strict=True) if old != new]
    for old, new in differ[:5]:
        print(f"was: {old.decode()}\nnow: {new.decode()}\n")
    print(f"{len(lines)} messages, {len(lines) * 9} answers: {len(differ)} messages differ")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
