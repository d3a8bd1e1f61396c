"""Near-duplicate letters within one timeline (rule: a repeated letter is excessive).

Texts are compared as word sequences after folding case and punctuation; two texts are the
same letter when difflib's ratio reaches the policy's ``duplicate_similarity``. A timeline
holds a handful of candidate texts, so pairwise comparison is cheap; the triage pipeline
uses MinHash/LSH for whole mailboxes.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")
MIN_WORDS = 3


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


class TextIndex:
    """The candidate texts seen so far, each under the index of its contact."""

    __slots__ = ("_exact", "_seen")

    def __init__(self) -> None:
        self._exact: dict[tuple[str, ...], int] = {}
        self._seen: list[tuple[int, tuple[str, ...]]] = []

    def add(self, index: int, text: str) -> None:
        tokens = words(text)
        if len(tokens) < MIN_WORDS:
            return
        self._exact.setdefault(tokens, index)
        self._seen.append((index, tokens))

    def find_similar(self, text: str, threshold: float) -> int | None:
        """The index of the first earlier text at least ``threshold`` similar, else None."""
        tokens = words(text)
        if len(tokens) < MIN_WORDS or not self._seen:
            return None
        if (hit := self._exact.get(tokens)) is not None:
            return hit
        if threshold >= 1.0:
            return None
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(tokens)
        for index, earlier in self._seen:
            matcher.set_seq1(earlier)
            if (
                matcher.real_quick_ratio() >= threshold
                and matcher.quick_ratio() >= threshold
                and matcher.ratio() >= threshold
            ):
                return index
        return None
