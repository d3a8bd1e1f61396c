"""What the learned models see of a message: the same few steps for training and use.

:func:`own_text` keeps the author's own words: it cuts a body at the first forwarded or
quoted block (Outlook's and Lotus Notes' "----- Forwarded by" / "-----Original Message-----"
rules, an "On ... wrote:" line, a "From: ... Sent:"/"To: ... cc:" header block, Lotus
Notes' "Ann Lee on 11/05/2000 01:06 PM" over a "To:" line) and drops ``>`` lines. Triage
strips quotes and signatures before it gets here too (:mod:`followline.mail.reply`);
every text the product classifies passes this cut.

:func:`kind_features` and :func:`spam_features` turn a message into counted features:

* words of the body (lower-cased, letters and digits; a number reads ``<n>``), and pairs
  of neighbouring words (``thank_you``, ``click_here``);
* words of the subject, marked ``s:`` (``s:interview``);
* *signs*, marked ``#``: a reply or a forward (``#re``, ``#fw``), the phrase rules' hits
  (:mod:`followline.classify.phrases`: ``#phrase:status_inquiry``, ``#employer:rejection``,
  ``#spam:click here``; the hand-written knowledge, as evidence the model may weigh), the
  shape (``#len:short`` under 300 characters, ``#len:long`` over 1,500, ``#question``).

The corpus of the labels (Enron-Spam) is lower-cased with spaced punctuation ("i ' m"), so
apostrophes split words here too: "I'm" and "i ' m" give the same words.

Example::

    >>> sorted(kind_features("Any news on my application?", "Re: analyst role"))[:4]
    ['#len:short', '#phrase:status_inquiry', '#question', '#re']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from functools import lru_cache
from itertools import pairwise

from followline.classify import phrases

SIGN = "#"  # marks a sign (not a word of the text)
TEXT_CAP = 2000  # characters of the author's own text that are read
SHORT, LONG = 300, 1500
_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_TO_SPACES = bytes(c if c in _ALNUM else 32 for c in range(128)) + bytes(range(128, 256))
_WORD = re.compile(r"[^\W_]+")
# Lotus Notes' header date and time, as the corpus spaces them: "11 / 05 / 2000 01 : 06"
_NOTES_DATE, _NOTES_TIME = r"\d\d? ?/ ?\d\d? ?/ ?\d{2,4}", r"\d\d? ?: ?\d\d"
_PLAIN_STARTS = (
    r"-[ -]*(?:forwarded by|original message)"
    r"|-{3,}\s*(?:forwarded|original)"
    r"|on .{0,80} wrote:\s*$"
    r"|from\s?:.*\n(?:.*\n)?\s*(?:sent|date|to)\s?:"
)
_NOTES_STARTS = (
    # the name on one line, the date under it, "to:" next
    rf"[^\n]{{0,60}}\n[ \t]*{_NOTES_DATE} {_NOTES_TIME}.*\n[ \t]*to\s?:"
    # "Ann Lee on <date> <time>[:ss] [am|pm]", "to:" within a few lines
    rf"|(?:[^\n]{{0,80}}\s)?on {_NOTES_DATE},? {_NOTES_TIME}(?: ?: ?\d\d)?"
    r" ?(?:[ap]m)?[ \t]*\n(?:.*\n){0,4}?[ \t]*to\s?:"
)
_FLAGS = re.IGNORECASE | re.MULTILINE
_QUOTE_START = re.compile(rf"^[ \t>]*(?:{_PLAIN_STARTS}|{_NOTES_STARTS})", _FLAGS)
# The same, in two (:func:`quote_start` tries each only when its words are there).
_PLAIN_START = re.compile(rf"^[ \t>]*(?:{_PLAIN_STARTS})", _FLAGS)
_NOTES_START = re.compile(rf"^[ \t>]*(?:{_NOTES_STARTS})", _FLAGS)
_HEADER_END = re.compile(r"^[ \t]*subject\s?:.*$", re.IGNORECASE | re.MULTILINE)
_QUOTE_MARKS = re.compile(r"^[ \t]*>[ \t>]*", re.MULTILINE)
FORWARDED_WORDS = 5
_SUBJECT_PREFIX = re.compile(r"^\s*(re|fw|fwd)\s*:", re.IGNORECASE)


# What each kind of quote start needs (in lower-cased ASCII text): a forward or an original
# message, "wrote:", a "from:" header; a Notes date and time "12/03/2001 10:00".
_QUOTE_WORDS = ("forwarded", "original", "wrote:")
_FROM_HEADER = re.compile(r"from\s?:")
_NOTES_WHEN = re.compile(rf"{_NOTES_DATE},? {_NOTES_TIME}")


def _worth_searching(text: str) -> tuple[bool, bool]:
    """Whether each half of :data:`_QUOTE_START` may match ``text``: ``False`` only where
    lower-cased ASCII text lacks what every header of that half has."""
    if not text.isascii():  # case-insensitive matching knows more than ``lower`` (ſ, ı, K)
        return True, True
    low = text.lower()
    plain = any(word in low for word in _QUOTE_WORDS) or (
        "from" in low and _FROM_HEADER.search(low) is not None
    )
    return plain, "/" in low and _NOTES_WHEN.search(low) is not None


def quote_start(text: str) -> re.Match[str] | None:
    """Where the first forwarded or quoted block of ``text`` starts (its header: see
    :data:`_QUOTE_START`), or ``None``. Triage's reply stripping cuts there too
    (:mod:`followline.mail.reply`, :mod:`followline.mail.analyse`).

    The same match as ``_QUOTE_START.search(text)``, found faster: each half of the
    expression (tried at every line, each alternative) runs only on text that has what
    its headers need (in lower-cased ASCII text: "forwarded", "original", "wrote:" or a
    "from:"; a Notes date and time "11/05/2000 01:06"), and the earlier match wins (the
    plain one on a tie, as in the whole expression)."""
    plain, notes = _worth_searching(text)
    first = _PLAIN_START.search(text) if plain else None
    second = _NOTES_START.search(text) if notes else None
    if first is None or (second is not None and second.start() < first.start()):
        return second
    return first


def above_quote(text: str) -> str:
    """``text`` down to its first forwarded or quoted block (:func:`quote_start`) when there
    are words above it, else ``text`` whole (a text that *starts* with a forward: there is
    nothing else to read). Triage's reply stripping cuts here too (it knows Lotus Notes'
    "Ann Lee on 11/05/2000 01:06 PM" over a "To:" line, which mail-parser-reply does not)."""
    m = quote_start(text)
    if m is None or not text[: m.start()].strip():
        return text
    return text[: m.start()]


def own_text(text: str) -> str:
    """The author's own words: :func:`above_quote`, without ``>`` lines."""
    text = above_quote(text)
    if ">" in text:
        text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    return text.strip()


def forwarded_text(text: str) -> str:
    """What a forward or a quoting reply carries ('' when nothing): the *deepest* quoted
    or forwarded message with some words of its own (at least :data:`FORWARDED_WORDS`),
    ``>`` marks removed. In a chain ("Vince forwards Trish's forward of a candidate's
    note") the job mail is the original at the bottom; the replies above it are the
    colleagues' own words."""
    text = _QUOTE_MARKS.sub("", text)
    found = ""
    for m in _QUOTE_START.finditer(text):
        rest = text[m.end() :]
        header_end = _HEADER_END.search(rest, 0, 600)  # the forwarded message's own header
        inner = own_text(rest[header_end.end() if header_end else 0 :])
        if len(words(inner)) >= FORWARDED_WORDS:
            found = inner
    return found


def words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits; numbers read ``<n>``."""
    low = text.lower()
    if low.isascii():
        found = low.encode("ascii").translate(_TO_SPACES).decode("ascii").split()
    else:
        found = _WORD.findall(low)
    # Each number read "<n>", word by word in C: a dict of the numbers, then a lookup of
    # every word that falls back to the word itself.
    numbers = dict.fromkeys(filter(str.isdigit, found), "<n>")
    return list(map(numbers.get, found, found)) if numbers else found


def _subject_features(subject: str) -> list[str]:
    out: list[str] = []
    while m := _SUBJECT_PREFIX.match(subject):
        out.append(SIGN + ("re" if m.group(1).lower() == "re" else "fw"))
        subject = subject[m.end() :]
    out.extend(f"s:{w}" for w in words(subject))
    return out


def _shape(text: str) -> list[str]:
    size = len(text.strip())
    out = [SIGN + ("len:short" if size < SHORT else "len:long" if size > LONG else "len:medium")]
    if "?" in text:
        out.append(SIGN + "question")
    return out


def kind_features(
    text: str,
    subject: str = "",
    *,
    hits: Collection[str] | None = None,
    employer: Collection[str] | None = None,
) -> Counter[str]:
    """The kind models' features of a message whose ``text`` is already its author's own
    (``hits`` and ``employer``: the phrase rules' findings in it, when already known)."""
    text = text[:TEXT_CAP]
    body = words(text)
    counts = Counter(body)
    counts.update(f"{a}_{b}" for a, b in pairwise(body))
    counts.update(_subject_features(subject))
    counts.update(_shape(text))
    if hits is None:
        hits = phrases.kind_phrases(text, subject)
    if employer is None:
        employer = phrases.employer_phrases(text, subject)
    counts.update(f"#phrase:{kind}" for kind in hits)
    counts.update(f"#employer:{kind}" for kind in employer)
    return counts


def _present(text: str) -> set[str]:
    """The words, pairs and shape of a text (its first :data:`TEXT_CAP` characters)."""
    # A text and its stripped copy have the same words and shape (the key of the cache).
    return set(_body(text[:TEXT_CAP].strip()))


@lru_cache(maxsize=2)
def _body(text: str) -> frozenset[str]:
    # Remembered: triage reads a message's text for the spam model and, when nothing is
    # quoted, the same text for the job and kind models.
    body = words(text)
    present = set(body)
    present.update(map("_".join, pairwise(body)))  # "a_b"
    present.update(_shape(text))
    return frozenset(present)


def kind_feature_set(
    text: str,
    subject: str,
    *,
    hits: Collection[str],
    employer: Collection[str],
) -> set[str]:
    """The features of :func:`kind_features` (the phrase rules' findings given), as a set:
    what the models read of them (presence), built at about half the cost."""
    present = _present(text)
    present.update(_subject_features(subject))
    present.update(f"#phrase:{kind}" for kind in hits)
    present.update(f"#employer:{kind}" for kind in employer)
    return present


def spam_feature_set(
    text: str,
    subject: str,
    *,
    signs: list[tuple[str, float]],
) -> set[str]:
    """The features of :func:`spam_features` (the spam signs given), as a set."""
    present = _present(text)
    present.update(_subject_features(subject))
    present.update("#spam:" + name.partition(' "')[0] for name, _ in signs)
    return present


def spam_features(
    text: str,
    subject: str = "",
    *,
    html_only: bool = False,
    signs: list[tuple[str, float]] | None = None,
) -> Counter[str]:
    """The spam model's features: words and pairs of words of the body, words of the
    subject, the spam signs
    (``signs``: those already found in this text, to save finding them twice)."""
    text = text[:TEXT_CAP]
    body = words(text)
    counts = Counter(body)
    counts.update(f"{a}_{b}" for a, b in pairwise(body))
    counts.update(_subject_features(subject))
    counts.update(_shape(text))
    if signs is None:
        signs = phrases.spam_signs(text, subject, html_only=html_only)
    for name, _ in signs:
        counts["#spam:" + name.partition(' "')[0]] += 1
    return counts
