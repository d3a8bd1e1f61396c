"""Near-duplicate letters within one timeline (rule: a repeated letter is excessive).

Texts are compared as word sequences after folding case and punctuation; two texts are the
same letter when difflib's ratio reaches the policy's ``duplicate_similarity``. A timeline
holds a handful of candidate texts, so pairwise comparison is cheap (cheap upper bounds
first: length, then shared vocabulary); the triage pipeline uses MinHash/LSH for whole mailboxes.
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")
MIN_WORDS = 3


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


def comparable_counts(count: int, threshold: float) -> tuple[int, int]:
    """The word counts an earlier text may have and still be ``threshold`` similar to a text
    of ``count`` words (a little wider than exact): the length bound of :meth:`TextIndex._near`
    (``2 * min(a, b) >= threshold * (a + b)``) solved for the earlier count. A text outside
    this range can never be found similar, so a caller with many texts may hand in only
    those within it."""
    if threshold >= 1.0:
        return count, count
    low = math.floor(count * threshold / (2 - threshold)) - 1
    high = math.ceil(count * (2 - threshold) / threshold) + 1
    return max(low, MIN_WORDS), high


class TextIndex:
    """The candidate texts seen so far, each under the index of its contact."""

    __slots__ = ("_exact", "_seen", "_texts")

    def __init__(self) -> None:
        self._texts: dict[str, int] = {}
        self._exact: dict[tuple[str, ...], int] = {}
        self._seen: list[tuple[int, tuple[str, ...], frozenset[str]]] = []

    def check_and_add(self, index: int, text: str, threshold: float) -> int | None:
        """The index of the first earlier text at least ``threshold`` similar (else None);
        then remember this text under ``index``.

        A copy of an earlier text (the same string, or the same words) is answered by that
        earlier text and not remembered again: anything similar to the copy is just as
        similar to the original, which comes first.
        """
        known = self._texts.get(text)
        if known is not None:
            return known
        tokens = tuple(_WORD.findall(text.casefold()))  # words(text), without the call
        if len(tokens) < MIN_WORDS:
            return None
        found = self._exact.get(tokens)
        if found is not None:
            self._texts[text] = found
            return found
        vocabulary = frozenset(tokens)
        if threshold < 1.0 and self._seen:
            found = self._near(tokens, vocabulary, threshold)
        self._texts[text] = self._exact[tokens] = index
        self._seen.append((index, tokens, vocabulary))
        return found

    def remember(self, index: int, text: str) -> None:
        """Remember a text already checked (its contact judged before) as
        :meth:`check_and_add` leaves it, without comparing it again: what judging only the
        latest contacts of a timeline starts from (:mod:`followline.line.window`)."""
        if text in self._texts:
            return
        tokens = tuple(_WORD.findall(text.casefold()))
        if len(tokens) < MIN_WORDS:
            return
        found = self._exact.get(tokens)
        if found is not None:
            self._texts[text] = found
            return
        self._texts[text] = self._exact[tokens] = index
        self._seen.append((index, tokens, frozenset(tokens)))

    def _near(
        self, tokens: tuple[str, ...], vocabulary: frozenset[str], threshold: float
    ) -> int | None:
        size = len(tokens)
        matcher: SequenceMatcher[str] | None = None
        for index, earlier, earlier_vocabulary in self._seen:
            total = size + len(earlier)
            if 2 * min(size, len(earlier)) < threshold * total:
                continue  # lengths alone rule it out (difflib's real_quick_ratio)
            # Shared words plus the repeats either text has over its own vocabulary bound
            # the matches from above (difflib's quick_ratio, in set operations).
            repeats = min(size - len(vocabulary), len(earlier) - len(earlier_vocabulary))
            if 2 * (len(vocabulary & earlier_vocabulary) + repeats) < threshold * total:
                continue
            if matcher is None:
                matcher = SequenceMatcher(None, b=tokens, autojunk=False)
            matcher.set_seq1(earlier)
            if matcher.ratio() >= threshold:
                return index
        return None
