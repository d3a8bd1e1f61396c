"""The phrase rules: what a message says in so many words, with the evidence.

These were the whole classifier until the learned model (:mod:`followline.classify.model`);
now their hits are features of that model (``phrase:thank_you``, ``employer:rejection``,
the spam signs) and their words its evidence, and :func:`classify` here is the rules alone
(kept for comparison: ``bench/classify_accuracy.py`` reports both). Pure Python, standard
library only, no I/O. Every decision names what made it (``evidence``):

* **kind** — each kind has phrases; a phrase found in the subject scores 2, in the body 1
  (a few courtesy phrases that close almost any letter, such as "thank you for your
  time", score half). The kind with the highest score wins; ties go to the first in
  :data:`PRIORITY` (a withdrawal outweighs the thanks around it, a status inquiry the
  "thank you for the interview" that opens it). No phrase: ``other``.
* **spam** — weighted signs of bulk and link spam (marketing phrases, "click here", a
  shouting subject, an HTML-only body, an "[...]" excerpt with "read more"); spam when the
  total reaches :data:`SPAM_THRESHOLD`. The weights and the threshold were set on the
  SpamAssassin ``spam-1``/``easy-ham-1`` groups and measured on the others
  (``bench/README.md``).

The triage pipeline feeds it text already stripped of quoted replies and signatures.

Example::

    >>> c = classify("Thank you for the interview on Monday.", subject="Thank you")
    >>> c.kind, c.spam
    (<MessageKind.THANK_YOU: 'thank_you'>, False)
    >>> c.evidence
    ('thank_you: "thank you for the interview"', 'thank_you: "thank you" in subject')
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from followline.line.types import CandidateKind, EmployerKind
from followline.words import WORD, letter_runs, words


class MessageKind(StrEnum):
    THANK_YOU = "thank_you"
    STATUS_INQUIRY = "status_inquiry"
    SCHEDULING = "scheduling"
    APPLICATION = "application"
    WITHDRAWAL = "withdrawal"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Classification:
    """What a message is. ``kind`` is what triage files it as; ``label`` the finer answer
    of the learned model (``not_job``, ``unsure``, or a kind), ``confidence`` its calibrated
    probability; ``unsure`` when that is below the model's threshold (``kind`` is then
    ``other``). The phrase rules alone answer with confidence 1."""

    kind: MessageKind
    spam: bool
    evidence: tuple[str, ...]
    label: str = ""
    confidence: float = 1.0
    unsure: bool = False

    def __reduce__(self) -> tuple[object, tuple[str, bool, tuple[str, ...], str, float, bool]]:
        # Pickled once per message between triage's processes: by value, which is cheap.
        return (
            _classification,
            (self.kind.value, self.spam, self.evidence, self.label, self.confidence, self.unsure),
        )

    @property
    def candidate_kind(self) -> CandidateKind:
        """The kind the line judges this message as, when a candidate sent it."""
        return CANDIDATE_KIND[self.kind]


def _classification(
    kind: str, spam: bool, evidence: tuple[str, ...], label: str, confidence: float, unsure: bool
) -> Classification:
    return Classification(MessageKind(kind), spam, evidence, label, confidence, unsure)


# What the line makes of each message kind: scheduling answers the employer's request.
CANDIDATE_KIND: dict[MessageKind, CandidateKind] = {
    MessageKind.THANK_YOU: CandidateKind.THANK_YOU,
    MessageKind.STATUS_INQUIRY: CandidateKind.STATUS_INQUIRY,
    MessageKind.SCHEDULING: CandidateKind.REPLY,
    MessageKind.APPLICATION: CandidateKind.OTHER,
    MessageKind.WITHDRAWAL: CandidateKind.OTHER,
    MessageKind.OTHER: CandidateKind.OTHER,
}

PRIORITY = (
    MessageKind.WITHDRAWAL,
    MessageKind.STATUS_INQUIRY,
    MessageKind.SCHEDULING,
    MessageKind.THANK_YOU,
    MessageKind.APPLICATION,
)


# (patterns, weight): weight 1 is a clear sign, 0.5 a courtesy phrase that closes many
# letters. Texts are lower-cased first, and every pattern starts with a literal so that the
# regular-expression engine can skip through long mail quickly.
class Phrase(NamedTuple):
    """A kind phrase that counts only after ``before``: a match of it ends at most 40
    characters before the phrase, in the same sentence ("Tuesday at 10 works for me")."""

    pattern: str
    before: str


# A day or a time of day, before "works for me".
_WHEN = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|morning|afternoon|evening"
    r"|\d(?::\d\d)? ?(?:am|pm)\b|\d:\d\d)"
)
_KIND_PHRASES: dict[MessageKind, tuple[tuple[tuple[str | Phrase, ...], float], ...]] = {
    MessageKind.WITHDRAWAL: (
        (
            (
                r"withdraw(?:ing|n)? (?:my (?:application|candidacy|name)"
                r"|from (?:the|your|consideration))",
            ),
            1,
        ),
        (
            (
                r"no longer (?:interested|seeking|pursuing)",
                r"(?:i am|i'm) no longer available",  # "no longer available" alone: a product
            ),
            1,
        ),
        (
            (
                r"accept(?:ed)? (?:an?other|a different|an) (?:offer|position|role|job)",
                r"taken (?:an?other|a different|an) (?:offer|position|role|job)",
            ),
            1,
        ),
        ((r"remove me from (?:consideration|the (?:candidate|applicant) pool)",), 1),
    ),
    MessageKind.THANK_YOU: (
        (
            (
                r"thank(?:s| you)(?: so much| again| very much)? for (?:the |our |your "
                r"|taking the time to )?(?:interview|meeting|meet(?:ing)? with me"
                r"|speak(?:ing)? with me"
                r"|conversation|chat|having me|the opportunity to (?:interview|meet|speak))",
            ),
            1,
        ),
        (
            (
                r"enjoyed (?:speaking|talking|meeting|our conversation|chatting)",
                r"pleasure (?:speaking|talking|meeting|chatting)",
            ),
            1,
        ),
        ((r"grateful for the (?:opportunity|chance|time)",), 1),
        ((r"appreciate(?:d)? (?:you )?taking the time",), 1),
        ((r"thank(?:s| you)(?: so much| again| very much)? for your (?:time|consideration)",), 0.5),
    ),
    MessageKind.STATUS_INQUIRY: (
        ((r"status of (?:my|the) (?:application|candidacy|interview)",), 1),
        ((r"any (?:update|news)\b", r"an update\b"), 1),
        ((r"follow(?:ing)?[- ]up (?:on|regarding|about) (?:my|the|our)",), 1),
        ((r"checking in (?:on|about|regarding|to see)",), 1),
        ((r"where (?:things|i|my application) stand",), 1),
        ((r"ha(?:ve|s) (?:a|any) decision", r"decision (?:has been made|yet)"), 1),
        (
            (
                r"still (?:hear|heard) back",
                r"yet to hear(?:d)? back",
                r"haven'?t heard (?:back|anything)",
            ),
            1,
        ),
        ((r"next steps? in the (?:hiring |interview )?process",), 0.5),
    ),
    MessageKind.SCHEDULING: (
        (
            tuple(
                f"{word} (?:on|for|at|this|next) (?:(?:the |a |an )?(?:mon|tue|wed|thu|fri|sat"
                f"|sun|\\d|call|interview|meeting|chat|week|morning|afternoon))"
                for word in ("available", "availability", "free")
            ),
            1,
        ),
        ((r"reschedul",), 1),
        ((r"confirm(?:ing)? (?:the|my|our) (?:interview|time|appointment|meeting|call)",), 1),
        # "works for me" only after a day or a time: alone it is any agreement.
        ((Phrase(r"works (?:well )?for (?:me|us)", before=_WHEN),), 1),
        ((r"calendar invit",), 1),
        (
            tuple(
                f"{verb} (?:a|an|the) (?:time|call|interview|meeting)"
                for verb in ("set up", "schedule", "book")
            ),
            1,
        ),
        ((r"time slot",), 1),
    ),
    MessageKind.APPLICATION: (
        (
            tuple(
                f"{word} (?:is |are |attached |enclosed )?my (?:resume|résumé|cv|cover letter"
                f"|application)"
                for word in ("attached", "enclosed", "find")
            ),
            1,
        ),
        (
            (
                r"apply(?:ing)? for the (?:position|role|job|opening|post)",
                r"application for the (?:position|role|job|opening|post)",
            ),
            1,
        ),
        ((r"writing to apply", r"like to apply", r"express my interest"), 1),
        ((r"cover letter",), 0.5),
        ((r"(?:my|attached|enclosed|updated) (?:resume|résumé|cv)\b",), 0.5),
    ),
}
# A letter that opens with thanks, after at most a greeting ("Hi Ann, thanks for ...").
_THANKS_OPENING = re.compile(
    r"\W*(?:(?:hi|hello|dear|hey)\b[^\n.!?,]{0,40}[,.!]?\s*)?((?:many )?thank(?:s| you))\b"
)
SHORT_NOTE = 300  # characters: a note this short that opens with thanks is a thank-you


def starts_with_thanks(text: str) -> re.Match[str] | None:
    """Whether a lower-cased text opens with thanks, after at most a greeting."""
    return _THANKS_OPENING.match(text)


def opens_with_thanks(text: str) -> re.Match[str] | None:
    """Whether a short note (at most :data:`SHORT_NOTE` characters, lower-cased) opens with
    thanks: "Hi Ann, thanks for the chat!" is a thank-you; a longer letter that opens so
    usually goes on to its real point."""
    return starts_with_thanks(text) if len(text.strip()) <= SHORT_NOTE else None


# A subject that is itself a thank-you ("Thank you!", "Thanks for Monday").
_THANKS_SUBJECT = re.compile(r"^\s*(?:re: )?thank(?:s| you)\b")

# (name, patterns, weight): signs of spam, looked for in subject and body together.
_SPAM_PHRASES: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("click here", (r"click (?:here|below|the link)",), 1.5),
    (
        "remove me",
        (
            r"removed from (?:our|this|the|my|all|future)",
            r"to be removed",
            r"reply with (?:\"?remove|the word remove)",
            r"remove in the subject",
            r"remove (?:yourself|your (?:e-?mail|name|address))",
        ),
        1.5,
    ),
    ("opt out", (r"opt[- ]?(?:out|in)\b",), 1),
    (
        "offer",
        (
            r"special (?:offer|promotion)",
            r"limited[- ]time",
            r"exclusive offer",
            r"free (?:offer|trial|gift|report|quote|bonus)",
        ),
        1,
    ),
    (
        "buy now",
        tuple(f"{verb} (?:now|today)" for verb in ("order", "buy", "act", "call", "sign up")),
        1,
    ),
    ("guarantee", (r"guarantee", r"risk[- ]free", r"no obligation"), 1),
    (
        "money",
        (
            r"make (?:big |more |extra )?(?:money|cash|income|\$)",
            r"earn (?:big |more |extra )?(?:money|cash|income|\$)",
            r"extra (?:money|cash|income)",
            r"save (?:big |more )?(?:money|\$)",
        ),
        1.5,
    ),
    (
        "finance",
        (
            r"mortgage",
            r"refinanc",
            r"lowest (?:rate|price)",
            r"credit (?:card|report|rating)",
            r"debt",
        ),
        1,
    ),
    (
        "pills",
        (
            r"viagra",
            r"cialis",
            r"pharmac",
            r"prescription",
            r"weight loss",
            r"lose weight",
            r"herbal",
        ),
        1.5,
    ),
    (
        "prize",
        (r"you(?:'ve| have)? won", r"been selected", r"you are a winner", r"congratulations!"),
        1.5,
    ),
    (
        "home business",
        (r"work (?:from|at) home", r"home[- ]based business", r"business opportunit", r"mlm\b"),
        1.5,
    ),
    ("dear friend", (r"dear (?:friend|sir\s*/\s*madam|valued|customer|member)",), 1),
    ("not spam", (r"this is not (?:spam|a spam|unsolicited)", r"not unsolicited"), 2),
    (
        "bulk mail",
        (
            r"bulk e-?mail",
            r"email (?:marketing|addresses)",
            r"e-mail (?:marketing|addresses)",
            r"million e-?mail",
        ),
        1.5,
    ),
    ("adult", (r"xxx", r"adult", r"sexy", r"casino", r"porn", r"naked", r"webcam", r"teens"), 1),
    (
        "advance fee",
        (
            r"urgent (?:assistance|business|proposal|reply|response)",
            r"business (?:partnership|proposal|transaction)",
            r"investment (?:partnership|proposal|transaction)",
            r"next of kin",
            r"transfer (?:of )?(?:the |this )?(?:sum|fund)",
            r"million (?:united states |us )?dollars",
            r"dear (?:sir|partner)",
            r"strictly confidential",
        ),
        2,
    ),
    ("profit", (r"profits?\b", r"commission", r"income", r"investment"), 0.5),
    (
        "amount",
        (r"\$\s?\d{2,3}(?:,\d{3})+", r"\$\d+(?:\.\d\d)?\s?(?:per|a|/) ?(?:week|month|day)"),
        1,
    ),
    ("percent off", (r"% (?:off|discount|free|less)",), 1),
    ("free", (r"free\b",), 0.5),
    ("excerpt", (r"\[\.\.\.\]", r"\[…\]"), 1.5),
    (
        "read more",
        (
            r"read more(?: info\w*)?(?: here)?:",
            r"find more(?: info\w*)?(?: here)?:",
            r"see more(?: info\w*)?(?: here)?:",
            r"more info\w* (?:here|at)",
            r"more info\w*:",
        ),
        1.5,
    ),
    (
        "link praise",
        (
            r"wow\b",
            r"i like your blog",
            r"nice (?:blog|post|article|site)",
            r"great (?:blog|post|article|site)",
            r"awesome (?:blog|post|article|site)",
        ),
        1,
    ),
    ("trackback", (r"trackback", r"pingback"), 1),
)
SPAM_THRESHOLD = 3.0
# A sender whose name or mailbox is a blog's trackback/pingback robot: an automated notice
# that some page linked here (or claims to), never mail from a person. WordPress and
# Movable Type send these as "Trackback"/"Pingback"; the seed page's scraped-question
# trackbacks carry no other sign. Weight 3: on its own it reaches the threshold.
_ROBOT_SENDER = re.compile(r"(?<![a-z])(?:trackback|pingback)s?(?![a-z])", re.I)
ROBOT_SENDER_WEIGHT = 3.0


_LINK_STARTS = ("http://", "https://", "www.")  # no two of them can overlap


def _links(text: str) -> int:
    r"""How many links a text has: starts of ``https?://|www\.``, counted as substrings
    (the expression tried every character of the text)."""
    return sum(map(text.count, _LINK_STARTS))


_TEXT_CAP = 1500


_META = re.compile(r"[\\()\[\]{}?*+|.^$]")


def _gate(pattern: str) -> str | None:
    """The opening (first four letters) of a word every match contains: the first word of
    four or more letters in the pattern's literal beginning; ``None`` when there is none."""
    meta = _META.search(pattern)
    literal = pattern if meta is None else pattern[: meta.start()]
    if meta is not None and meta.group(0) in "?*{":
        literal = literal[:-1]  # the quantifier makes the last character optional
    for word in WORD.findall(literal):
        if len(word) >= 4:
            return str(word[:4])
    return None


# A pattern that opens with a group of literal alternatives: "(?:decided|chosen|opted) to".
_ALTERNATIVES = re.compile(r"\(\?:([a-z' |]+)\)( ?)")


def _alternative_gates(pattern: str) -> tuple[str, ...]:
    """The gates of a pattern that opens with literal alternatives, for a matcher whose
    matches start at a word (``whole_words``): the opening of the word each alternative
    starts with (its first four letters; a shorter word only when a space ends it, so that
    it is a whole word of the text). ``()`` when the pattern does not open so."""
    m = _ALTERNATIVES.match(pattern)
    if m is None:
        return ()
    gates = []
    for alternative in m.group(1).split("|"):
        word, space, _ = alternative.partition(" ")
        if len(word) >= 4:
            gates.append(word[:4])
        elif word and (space or m.group(2)):
            gates.append(word)
        else:
            return ()
    return tuple(gates)


_OPENING = itemgetter(slice(None, 4))


def _openings(text: str) -> frozenset[str]:
    """The first four characters of every word: what the gates are checked in."""
    return _openings_of(text.strip())  # the same words without the spaces around them


@lru_cache(maxsize=4)
def _openings_of(text: str) -> frozenset[str]:
    # Remembered: triage asks for a message's subject's twice and, when nothing is quoted,
    # for its text's twice (the spam signs read the whole text, the kind phrases the own).
    return frozenset(map(_OPENING, words(text)))


_WORD_CHARS = frozenset("_'")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789' ")


def _required(pattern: str) -> tuple[str, ...]:
    """What every match of ``pattern`` holds: its runs of plain characters (letters,
    digits, spaces, apostrophes) outside any group, each less its last character when a
    quantifier makes that optional (``"ha(?:ve|s) (?:a|any) decision"``: ``ha`` and
    ``" decision"``); ``()`` when the pattern has an alternative at its top level
    (``a|b``), where no run is required, or a class opens with ``]`` (not read here)."""
    if "[]" in pattern or "[^]" in pattern:
        return ()
    runs: list[str] = []
    run = ""
    depth, in_class, in_braces, escaped = 0, False, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif in_braces:  # a repeat count: {2,4}
            in_braces = char != "}"
        elif char == "|" and depth == 0:
            return ()
        elif depth == 0 and char in _PLAIN:
            run += char
            continue
        else:
            if char in "?*{" and depth == 0:
                run = run[:-1]  # the quantifier makes the run's last character optional
            in_class, in_braces = char == "[", char == "{"
            depth += (char == "(") - (char == ")")
        if run:
            runs.append(run)
        run = ""
    if run:
        runs.append(run)
    return tuple(runs)


class _Matcher:
    """Groups of patterns; finds, per group, the first pattern that matches a text.

    With ``leftmost`` the match found first in the text wins within a group (as one
    alternation would); else the first pattern that matches.

    A pattern that starts with a word is searched for only when some word of the text
    starts like it (its *gate*, the word's first four letters): one set intersection picks
    the few patterns worth running, which keeps long mail cheap. With ``whole_words`` a
    match must start at a word ("an update" is not in "ximian updates"); that is checked
    on each match rather than written into the pattern as ``\\b``, which would cost the
    regular-expression engine its fast scan for a pattern's literal beginning. There, a
    pattern that opens with literal alternatives ("(?:decided|chosen|opted) to") is gated
    by each alternative's first word (:func:`_alternative_gates`).
    """

    def __init__(
        self,
        groups: list[tuple[str | Phrase, ...]],
        *,
        whole_words: bool = False,
        leftmost: bool = False,
    ) -> None:
        self._whole_words = whole_words
        self._leftmost = leftmost
        self._ungated: list[_Entry] = []
        self._by_gate: dict[str, list[_Entry]] = {}
        for index, patterns in enumerate(groups):
            for pattern in patterns:
                before = None
                if isinstance(pattern, Phrase):
                    before = pattern.before + r"[^.!?\n]{0,40}$"
                    pattern = pattern.pattern
                gate = _gate(pattern)
                gates: tuple[str, ...] = () if gate is None else (gate,)
                # Gated by its alternatives where which pattern of a group is tried first
                # cannot matter: the leftmost match wins, or the group has no other.
                if not gates and whole_words and (leftmost or len(patterns) == 1):
                    gates = _alternative_gates(pattern)
                entry = _Entry(index, pattern, before)
                if not gates:
                    self._ungated.append(entry)
                for opening in gates:
                    self._by_gate.setdefault(opening, []).append(entry)
        self._gates = frozenset(self._by_gate)

    def matches(self, text: str, openings: AbstractSet[str]) -> dict[int, re.Match[str]]:
        found: dict[int, re.Match[str]] = {}
        candidates = list(self._ungated)
        for gate in sorted(self._gates.intersection(openings)):
            candidates.extend(self._by_gate[gate])
        for entry in candidates:
            index = entry.index
            if index in found and not self._leftmost:
                continue
            if entry.required not in text:
                continue
            m = self._search(entry.regex, entry.before, text)
            if m is not None and (index not in found or m.start() < found[index].start()):
                found[index] = m
        return found

    def _search(
        self, regex: re.Pattern[str], before: re.Pattern[str] | None, text: str
    ) -> re.Match[str] | None:
        m = regex.search(text)
        while m is not None:
            start = m.start()
            inside_word = (
                self._whole_words
                and start > 0
                and (text[start - 1].isalnum() or text[start - 1] in _WORD_CHARS)
            )
            if not inside_word and (
                before is None or before.search(text, max(0, start - 60), start)
            ):
                return m
            m = regex.search(text, start + 1)
        return None


class _Entry:
    """A pattern of a group (``index``), compiled on first use: compiling the few hundred
    patterns at import took half of a one-message triage's start-up, and a message runs
    only the few its words let through the gates. The longest run of plain characters
    every match holds (:attr:`required`, see :func:`_required`) is looked for first: a text
    without it cannot match (a substring search costs a fraction of the expression's)."""

    def __init__(self, index: int, pattern: str, before: str | None) -> None:
        self.index = index
        self._pattern = pattern
        self._before = before
        self.required: str = max(_required(pattern), key=len, default="")

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self._pattern)

    @cached_property
    def before(self) -> re.Pattern[str] | None:
        return None if self._before is None else re.compile(self._before)


_KIND_GROUPS = [
    (kind, weight, patterns)
    for kind, phrases in _KIND_PHRASES.items()
    for patterns, weight in phrases
]
_KIND_MATCHER = _Matcher([patterns for _, _, patterns in _KIND_GROUPS], whole_words=True)
_SPAM_MATCHER = _Matcher([patterns for _, patterns, _ in _SPAM_PHRASES])


def _kind(
    text: str, subject: str, in_text: AbstractSet[str], in_subject: AbstractSet[str]
) -> tuple[MessageKind, list[str]]:
    """The best-scoring kind; ``text`` and ``subject`` are lower-cased, ``in_*`` their
    word openings."""
    scores, evidence = _kind_scores(text, subject, in_text, in_subject)
    best = _best(scores)
    return best, evidence.get(best, [])


def kind_phrases(text: str, subject: str = "") -> dict[MessageKind, list[str]]:
    """Every kind whose phrases a message has, with the evidence (the learned model's
    phrase features): ``text`` and ``subject`` as written, at most the first 1,500
    characters looked at."""
    return kind_hits(text, subject)[1]


def kind_hits(text: str, subject: str = "") -> tuple[MessageKind, dict[MessageKind, list[str]]]:
    """The best-scoring kind (``other`` when no phrase is found) and every kind's evidence."""
    low, subject_low = text[:_TEXT_CAP].lower(), subject.lower()
    scores, evidence = _kind_scores(low, subject_low, _openings(low), _openings(subject_low))
    return _best(scores), evidence


class PhraseHits(NamedTuple):
    """What the phrase rules find in a message: :func:`kind_hits` and
    :func:`employer_phrases` at once."""

    best: MessageKind
    kinds: dict[MessageKind, list[str]]
    employer: dict[EmployerKind, str]


def phrase_hits(text: str, subject: str = "") -> PhraseHits:
    """:func:`kind_hits` and :func:`employer_phrases` of a message, its text lower-cased and
    its words' openings found once for both (the employer phrases are looked for in the
    subject and the text together, whose openings are the two's)."""
    low, subject_low = text[:_TEXT_CAP].lower(), subject.lower()
    in_text, in_subject = _openings(low), _openings(subject_low)
    scores, evidence = _kind_scores(low, subject_low, in_text, in_subject)
    employer = _employer(f"{subject_low}\n{low}", in_text | in_subject)
    return PhraseHits(_best(scores), evidence, employer)


def _best(scores: dict[MessageKind, float]) -> MessageKind:
    """The highest-scoring kind, ties to the first in :data:`PRIORITY`; ``other`` if none."""
    if not scores:
        return MessageKind.OTHER
    return max(PRIORITY, key=lambda k: (scores.get(k, 0), -PRIORITY.index(k)))


def _kind_scores(
    text: str, subject: str, in_text: AbstractSet[str], in_subject: AbstractSet[str]
) -> tuple[dict[MessageKind, float], dict[MessageKind, list[str]]]:
    in_subject_hits = _KIND_MATCHER.matches(subject, in_subject) if subject else {}
    in_text_hits = _KIND_MATCHER.matches(text, in_text)
    scores: dict[MessageKind, float] = {}
    evidence: dict[MessageKind, list[str]] = {}
    for index, (kind, weight, _) in enumerate(_KIND_GROUPS):
        if m := in_subject_hits.get(index):
            scores[kind] = scores.get(kind, 0) + 2 * weight
            evidence.setdefault(kind, []).append(f'{kind}: "{m.group(0).strip()}" in subject')
        elif m := in_text_hits.get(index):
            scores[kind] = scores.get(kind, 0) + weight
            evidence.setdefault(kind, []).append(f'{kind}: "{m.group(0).strip()}"')
    if MessageKind.THANK_YOU not in scores and (m := opens_with_thanks(text)):
        kind = MessageKind.THANK_YOU
        scores[kind] = scores.get(kind, 0) + 0.5
        evidence.setdefault(kind, []).append(f'{kind}: opens with "{m.group(1)}"')
    if m := _THANKS_SUBJECT.search(subject):
        kind = MessageKind.THANK_YOU
        scores[kind] = scores.get(kind, 0) + 2
        evidence.setdefault(kind, []).append(f'{kind}: "{m.group(0).strip()}" in subject')
    return scores, evidence


_CAPS_RUN = re.compile(r"[A-Z]{3}")  # every capital word contains one
# ASCII capitals to "A", anything else to a space: a run of three is b"AAA" (a substring
# search: the expression tried every character of the text).
_CAPITALS = bytes(65 if 65 <= c <= 90 else 32 for c in range(256))


def _has_caps_run(text: str) -> bool:
    """Whether ``text`` has three ASCII capitals in a row (``[A-Z]{3}``)."""
    if text.isascii():
        return b"AAA" in text.encode("ascii").translate(_CAPITALS)
    return _CAPS_RUN.search(text) is not None


def _shouting_body(text: str) -> bool:
    """Whether a quarter or more of a text's words (runs of 3+ ASCII letters, at least 12)
    are capitals (at least 3).

    Most text has no run of three capitals at all, and then the words are not counted."""
    if not _has_caps_run(text):
        return False
    runs = letter_runs(text)
    runs = list(compress(runs, map((2).__lt__, map(len, runs))))  # 3 letters or more
    if len(runs) < 12:
        return False
    caps = sum(map(str.isupper, runs))
    return caps >= 3 and caps >= 0.25 * len(runs)


def _shouting(subject: str) -> bool:
    letters = list(filter(str.isalpha, subject))
    return len(letters) >= 8 and sum(map(str.isupper, letters)) >= 0.7 * len(letters)


def spam_signs(
    text: str, subject: str = "", *, html_only: bool = False, sender: str = ""
) -> list[tuple[str, float]]:
    """The spam signs in a message, each with its weight."""
    text = text[:_TEXT_CAP]
    low = text.lower()
    return _spam_signs(text, low, subject, _openings(low), html_only, sender=sender)


def _spam_signs(
    text: str,
    low: str,
    subject: str,
    openings: AbstractSet[str],
    html_only: bool,
    subject_openings: AbstractSet[str] | None = None,
    sender: str = "",
) -> list[tuple[str, float]]:
    """Spam signs; ``low`` is ``text`` lower-cased and ``openings`` its word openings."""
    subject_low = subject.lower()
    body = f"{subject_low}\n{low}"
    if subject_openings is None:
        subject_openings = _openings(subject_low)
    openings = openings | subject_openings
    hits = _SPAM_MATCHER.matches(body, openings)
    signs: list[tuple[str, float]] = []
    if sender and _ROBOT_SENDER.search(sender):
        signs.append((f'trackback/pingback robot sender "{sender}"', ROBOT_SENDER_WEIGHT))
    for index, (name, _, weight) in enumerate(_SPAM_PHRASES):
        if m := hits.get(index):
            signs.append((f'{name} "{m.group(0).strip()}"', weight))
    if _shouting(subject):
        signs.append(("subject in capitals", 1.5))
    if subject.count("!") >= 2 or "$$" in subject:
        signs.append(('"!!"/"$$" in subject', 1))
    if subject.upper().startswith(("ADV:", "ADV ", "[ADV]")):
        signs.append(('subject marked "ADV"', 3))
    if html_only:
        signs.append(("HTML-only body", 1))
    if _shouting_body(text):
        signs.append(("body in capitals", 1))
    if len(body) < 1500 and _links(body) >= 3:
        signs.append(("mostly links", 1))
    return signs


def classify(
    text: str,
    subject: str = "",
    *,
    html_only: bool = False,
    spam_text: str | None = None,
    sender: str = "",
) -> Classification:
    """Classify a message: its kind, whether it is spam, and the evidence for both.

    ``spam_text`` (default: ``text``) is what spam signs are looked for in; triage passes
    the whole body there and the body stripped of quotes and signature as ``text``.
    ``sender`` (optional, e.g. ``"Trackback <trackback@blog.example>"``) is checked for a
    trackback/pingback robot: such a notice is never mail from a person and counts as spam.
    """
    text = text[:_TEXT_CAP]
    low, subject_low = text.lower(), subject.lower()
    openings, subject_openings = _openings(low), _openings(subject_low)
    kind, evidence = _kind(low, subject_low, openings, subject_openings)
    if spam_text is not None:
        text = spam_text[:_TEXT_CAP]
        low = text.lower()
        openings = _openings(low)
    signs = _spam_signs(text, low, subject, openings, html_only, subject_openings, sender)
    score = sum(weight for _, weight in signs)
    spam = score >= SPAM_THRESHOLD
    if signs:
        verdict = "spam" if spam else "not spam"
        evidence.append(
            f"{verdict}: score {score:g} (threshold {SPAM_THRESHOLD:g}): "
            + ", ".join(f"{name} +{weight:g}" for name, weight in signs)
        )
    return Classification(kind, spam, tuple(evidence), str(kind))


# What an employer's message is, most decisive first: a letter that turns a candidate down
# may still mention an offer or an interview. Phrases are narrow on purpose: a rejection or
# an offer read wrongly would end a candidate's plan.
_EMPLOYER_PHRASES: tuple[tuple[EmployerKind, tuple[str, ...]], ...] = (
    (
        EmployerKind.REJECTION,
        (
            r"regret to (?:inform|let you know|tell you)",
            r"(?:decided|chosen|opted) to (?:move forward|proceed|go ahead|continue) with"
            r" (?:an?other|other|a different|different) (?:candidate|applicant)",
            r"(?:not|no longer) (?:be )?(?:moving|move|going) forward with your",
            r"(?:will|would) not be (?:moving forward|proceeding|progressing|offering)",
            r"(?:have|has) not been (?:selected|successful|shortlisted)",
            r"(?:position|role|job|vacancy) (?:has|have) (?:now )?been filled",
            r"unable to offer you",
        ),
    ),
    (
        EmployerKind.OFFER,
        (
            r"(?:pleased|delighted|happy|excited|glad) to (?:formally )?"
            r"(?:offer you|extend (?:to you )?(?:you )?an offer)",
            r"(?:would|we'd) like to (?:offer you|extend (?:you )?an offer)",
            r"offer of employment",
            r"offer letter",
        ),
    ),
    (
        EmployerKind.INVITATION,
        (
            r"invite you (?:to|for) (?:an? |the |a second |a final |a follow-up )?"
            r"(?:interview|call|conversation|meeting|chat|visit)",
            r"(?:schedule|set up|arrange|book) (?:an? |the |your )?(?:\w+ )?"
            r"(?:interview|phone screen|call with)",
        ),
    ),
    (
        EmployerKind.REQUEST,
        (
            r"(?:could|can|would) you (?:please )?(?:send|provide|share|complete|forward|fill)",
            r"please (?:send|provide|share|complete|forward|fill)",
        ),
    ),
)
# Each alternative is gated by its first word (see _Matcher): most mail runs few of them.
_EMPLOYER_MATCHER = _Matcher(
    [alternatives for _, alternatives in _EMPLOYER_PHRASES], whole_words=True, leftmost=True
)
_EMPLOYER_KINDS = tuple(kind for kind, _ in _EMPLOYER_PHRASES)


def employer_phrases(text: str, subject: str = "") -> dict[EmployerKind, str]:
    """Every employer kind whose phrases a message has, with the phrase found."""
    low = f"{subject}\n{text[:_TEXT_CAP]}".lower()
    return _employer(low, _openings(low))


def _employer(low: str, openings: AbstractSet[str]) -> dict[EmployerKind, str]:
    found = _EMPLOYER_MATCHER.matches(low, openings)
    return {kind: found[i].group(0) for i, kind in enumerate(_EMPLOYER_KINDS) if i in found}


def employer_kind(text: str, subject: str = "") -> tuple[EmployerKind, str]:
    """What an employer's message to a candidate is, and the evidence: a rejection, an
    offer, an invitation to interview or a request (for documents, a form), found by their
    phrases in that order; anything else is an ``update`` (the employer answered).

    >>> employer_kind("We regret to inform you that the role has been filled.")
    (<EmployerKind.REJECTION: 'rejection'>, 'rejection: "regret to inform"')
    """
    found = employer_phrases(text, subject)  # the most decisive kind first
    if found:
        kind, phrase = next(iter(found.items()))
        return kind, f'{kind}: "{phrase}"'
    return (
        EmployerKind.UPDATE,
        "update: the employer answered (no rejection, offer, invitation or request phrase)",
    )


def infer_candidate_kind(text: str | None) -> CandidateKind:
    """The candidate ``kind`` of a contact that has none: from its text, else ``other``."""
    if not text:
        return CandidateKind.OTHER
    return classify(text).candidate_kind
