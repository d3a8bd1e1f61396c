"""Near-duplicate letters: the same letter re-sent, lightly edited or forwarded.

Each letter's text (quotes and signature already stripped) becomes a set of word
3-shingles, sketched with rensa's :class:`~rensa.RMinHash` (:data:`NUM_PERM` hash values,
computed in Rust) and looked up in a :class:`~rensa.RMinHashLSH` index (:data:`BANDS`
bands of 4 rows). A hit whose estimated Jaccard similarity reaches the policy's
``duplicate_similarity`` (0.9 by default, a word-level ratio; see :func:`shingle_jaccard`)
makes the letter a duplicate of the *first* copy. Only first copies are indexed, so the
index grows with the distinct letters and every lookup costs about the same: the whole run
is linear in the number of messages.

Sketches pickle (about 330 bytes), which is how they travel from the triage worker
processes to the main one. Indexed, a letter costs about 2 KB; an index made with ``keep``
holds only the last ``keep`` first copies (the oldest are forgotten, so a near-copy of a
letter more than ``keep`` first copies back is not found): its memory stays flat however
long the mailbox (the web import uses it; triage keeps every letter).

Example::

    index = DuplicateIndex(similarity=0.9)
    index.add(1, "Dear Ann, I am writing to follow up on my application.")   # None
    index.add(2, "Dear Ann, I am writing to follow up on my application!")   # 1
"""

from __future__ import annotations

from rensa import RMinHash, RMinHashLSH

from followline.words import words as words_of

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: a pair at Jaccard 0.54 is a candidate 76% of the time,
# at 0.7 99.6%, at 0.1 0.16% (1 - (1 - J**4)**16)
SEED = 20021231
SHINGLE_WORDS = 3
MAX_WORDS = 200


def shingles(text: str) -> list[str]:
    """The word 3-grams of a text (lower-cased, first :data:`MAX_WORDS` words); a text of
    fewer words is one shingle."""
    words = words_of(text.lower())[:MAX_WORDS]
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return list(map(" ".join, zip(words, words[1:], words[2:], strict=False)))


def sketch(text: str) -> RMinHash | None:
    """The MinHash of a text's shingles, or ``None`` when it has no words."""
    grams = shingles(text)
    if not grams:
        return None
    minhash = RMinHash(NUM_PERM, SEED)
    minhash.update(grams)
    return minhash


def shingle_jaccard(similarity: float) -> float:
    """The 3-shingle Jaccard similarity that corresponds to a word-level similarity ratio.

    The policy's ``duplicate_similarity`` is a difflib-style ratio over words (the share of
    words two letters have in common, in order). Changing a fraction ``d = 1 - ratio`` of
    the words changes about ``3d`` of the 3-shingles, so the shingle sets share
    ``(1 - 3d) / (1 + 3d)``: a ratio of 0.9 is a shingle Jaccard of about 0.54.
    """
    changed = SHINGLE_WORDS * (1.0 - similarity)
    return max(0.0, (1.0 - changed) / (1.0 + changed))


class DuplicateIndex:
    """First copies of letters, to find later near-copies of them."""

    def __init__(self, similarity: float = 0.9, keep: int | None = None) -> None:
        self.similarity = shingle_jaccard(similarity)
        self.keep = keep
        self._lsh = RMinHashLSH(self.similarity, NUM_PERM, BANDS)
        self._sketches: dict[int, RMinHash] = {}  # in insertion order: the oldest first

    def __contains__(self, key: int) -> bool:
        return key in self._sketches

    def __len__(self) -> int:
        return len(self._sketches)

    def add_sketch(self, key: int, minhash: RMinHash | None) -> int | None:
        """Record a letter's sketch; return the key of its first copy if it is a duplicate
        (the most similar one, the earliest on a tie)."""
        if minhash is None:
            return None
        best: tuple[float, int] | None = None
        for other in self._lsh.query(minhash):
            score = minhash.jaccard(self._sketches[other])
            if score >= self.similarity and (best is None or (score, -other) > (best[0], -best[1])):
                best = (score, other)
        if best is not None:
            return best[1]
        self._lsh.insert(key, minhash)
        self._sketches[key] = minhash
        if self.keep is not None and len(self._sketches) > self.keep:
            oldest = next(iter(self._sketches))
            del self._sketches[oldest]
            self._lsh.remove(oldest)
        return None

    def add(self, key: int, text: str) -> int | None:
        return self.add_sketch(key, sketch(text))
