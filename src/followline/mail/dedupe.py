"""Near-duplicate letters: the same letter re-sent, lightly edited or forwarded.

Each letter's text (quotes and signature already stripped) becomes a set of word
3-shingles, sketched with datasketch's :class:`~datasketch.MinHash` (:data:`NUM_PERM`
permutations, CRC-32 shingle hashes, permutations made once) and looked up in a
:class:`~datasketch.MinHashLSH` index. A hit whose estimated Jaccard similarity reaches
the policy's ``duplicate_similarity`` (0.9 by default) makes the letter a duplicate of the
*first* copy; only first copies are indexed, so the index grows with the distinct letters
and every lookup costs the same: the whole run is linear in the number of messages.

Example::

    index = DuplicateIndex(similarity=0.9)
    index.add(1, "Dear Ann, I am writing to follow up on my application.")   # None
    index.add(2, "Dear Ann, I am writing to follow up on my application!")   # 1
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE_WORDS = 3
MAX_WORDS = 400
_WORD = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32)


def shingles(text: str) -> list[bytes]:
    """Word n-grams of a text (lower-cased, first :data:`MAX_WORDS` words)."""
    words = _WORD.findall(text.lower())[:MAX_WORDS]
    n = min(SHINGLE_WORDS, len(words))
    if n == 0:
        return []
    return [" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)]


def sketch(text: str) -> MinHash | None:
    """The MinHash of a text, or ``None`` when it has no words."""
    grams = shingles(text)
    if not grams:
        return None
    minhash = MinHash(
        num_perm=NUM_PERM,
        hashfunc=zlib.crc32,
        permutations=_TEMPLATE.permutations,
        scheme=_TEMPLATE.scheme,
    )
    minhash.update_batch(grams)
    return minhash


def from_hashvalues(hashvalues: np.ndarray | None) -> MinHash | None:
    """A sketch again from its hash values (as they travel back from worker processes)."""
    if hashvalues is None:
        return None
    return MinHash(num_perm=NUM_PERM, hashvalues=hashvalues, scheme=_TEMPLATE.scheme)


class DuplicateIndex:
    """First copies of letters, to find later near-copies of them."""

    def __init__(self, similarity: float = 0.9) -> None:
        self.similarity = similarity
        # The LSH finds candidates somewhat below the bar; each is then checked exactly.
        self._lsh = MinHashLSH(threshold=max(0.5, similarity - 0.15), num_perm=NUM_PERM)
        self._sketches: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sketches)

    def add_sketch(self, key: int, minhash: MinHash | None) -> int | None:
        """Record a letter's sketch; return the key of its first copy if it is a duplicate."""
        if minhash is None:
            return None
        values = minhash.hashvalues
        best: tuple[float, int] | None = None
        for other in self._lsh.query(minhash):
            score = float(np.count_nonzero(values == self._sketches[other])) / NUM_PERM
            if score >= self.similarity and (best is None or (score, -other) > (best[0], -best[1])):
                best = (score, other)
        if best is not None:
            return best[1]
        self._lsh.insert(key, minhash, check_duplication=False)
        self._sketches[key] = values
        return None

    def add(self, key: int, text: str) -> int | None:
        return self.add_sketch(key, sketch(text))
