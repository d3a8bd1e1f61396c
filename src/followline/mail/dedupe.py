"""Near-duplicate letters: the same letter re-sent, lightly edited or forwarded.

Each letter's text (quotes and signature already stripped) becomes a set of word
3-shingles, sketched with datasketch's :class:`~datasketch.MinHash` (:data:`NUM_PERM`
permutations made once; shingle hashes from per-word CRC-32s combined in numpy) and looked up in a
:class:`~datasketch.MinHashLSH` index. A hit whose estimated Jaccard similarity reaches
the policy's ``duplicate_similarity`` (0.9 by default, a word-level ratio; see
:func:`shingle_jaccard`) makes the letter a duplicate of the *first* copy. Only first
copies are indexed, so the index grows with the distinct letters and every lookup costs
about the same: the whole run is linear in the number of messages.

Example::

    index = DuplicateIndex(similarity=0.9)
    index.add(1, "Dear Ann, I am writing to follow up on my application.")   # None
    index.add(2, "Dear Ann, I am writing to follow up on my application!")   # 1
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 32
SHINGLE_WORDS = 3
MAX_WORDS = 200
_WORD = re.compile(rb"[a-z0-9\x80-\xff]+")  # lower-cased ASCII letters and digits, UTF-8 letters
_TEMPLATE = MinHash(num_perm=NUM_PERM, hashfunc=int)
_MIX = np.uint64(0x9E3779B1)  # an odd 32-bit multiplier (golden ratio)
_MASK = np.uint64(0xFFFFFFFF)


def shingle_hashes(text: str) -> list[int]:
    """32-bit hashes of the word n-grams of a text (lower-cased, first :data:`MAX_WORDS`
    words): each word is hashed once with CRC-32, and each n-gram's hash combines its
    words' hashes (multiply-add modulo 2**32), all in numpy."""
    words = _WORD.findall(text.lower().encode("utf-8", "replace"))[:MAX_WORDS]
    if not words:
        return []
    hashes = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    if len(words) < SHINGLE_WORDS:
        return [zlib.crc32(b" ".join(words))]
    grams = hashes[: 1 - SHINGLE_WORDS].copy()
    for offset in range(1, SHINGLE_WORDS):
        end = len(hashes) - SHINGLE_WORDS + 1 + offset
        grams = (grams * _MIX + hashes[offset:end]) & _MASK
    return grams.tolist()


def sketch(text: str) -> MinHash | None:
    """The MinHash of a text, or ``None`` when it has no words."""
    hashes = shingle_hashes(text)
    if not hashes:
        return None
    minhash = MinHash(
        num_perm=NUM_PERM,
        hashfunc=int,
        permutations=_TEMPLATE.permutations,
        scheme=_TEMPLATE.scheme,
    )
    minhash.update_batch(hashes)
    return minhash


# One MinHash per process, cleared and refilled for each letter by :func:`sketch_values`:
# building a MinHash (checking its permutations) costs about as much as filling it.
_SCRATCH = MinHash(
    num_perm=NUM_PERM, hashfunc=int, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme
)


def sketch_values(text: str) -> bytes | None:
    """``sketch_bytes(sketch(text))`` without building a MinHash per text (what the triage
    workers send back for every letter)."""
    hashes = shingle_hashes(text)
    if not hashes:
        return None
    _SCRATCH.clear()
    _SCRATCH.update_batch(hashes)
    return _SCRATCH.hashvalues.tobytes()


def sketch_bytes(minhash: MinHash | None) -> bytes | None:
    """A sketch's hash values as bytes (how they travel back from worker processes)."""
    return None if minhash is None else minhash.hashvalues.tobytes()


def from_bytes(data: bytes | None) -> LeanMinHash | None:
    """A sketch again from :func:`sketch_bytes`: a frozen :class:`~datasketch.LeanMinHash`
    (it carries no permutations, so it is about three times cheaper to build)."""
    if data is None:
        return None
    return LeanMinHash(
        seed=_TEMPLATE.seed,
        hashvalues=np.frombuffer(data, dtype=_TEMPLATE.hashvalues.dtype),
        scheme=_TEMPLATE.scheme,
    )


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

    def __init__(self, similarity: float = 0.9) -> None:
        self.similarity = shingle_jaccard(similarity)
        # The LSH finds candidates somewhat below the bar; each is then checked exactly.
        self._lsh = MinHashLSH(threshold=max(0.3, self.similarity - 0.1), num_perm=NUM_PERM)
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
