"""The words of a text, as the classifier's gates and the duplicate sketches read them.

A word is a run of letters, digits, ``_`` and ``'`` (the regular expression ``[\\w']+``).
Most mail is plain ASCII, and for it the words come from a byte translation and
``split`` (every other ASCII character becomes a space), about twice as fast as the
regular expression; any other text goes through the expression. Both give the same words.
:func:`letter_runs` does the same for runs of ASCII letters (what capitals are counted in).

Example::

    words("Thanks, Ann -- don't forget Monday's 10:30 call!")
    # ['Thanks', 'Ann', "don't", 'forget', "Monday's", '10', '30', 'call']
"""

from __future__ import annotations

import re

WORD = re.compile(r"[\w']+")
LETTER_RUN = re.compile(r"[A-Za-z]+")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'")
_ASCII_SPACES = bytes(c if c in _WORD_BYTES else 32 for c in range(128)) + bytes(range(128, 256))
_LETTER_BYTES = _WORD_BYTES - frozenset(b"0123456789_'")
_LETTERS_ONLY = bytes(c if c in _LETTER_BYTES else 32 for c in range(128)) + bytes(range(128, 256))


def words(text: str) -> list[str]:
    """The words of ``text``, in order."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_SPACES).decode("ascii").split()
    return WORD.findall(text)


def letter_runs(text: str) -> list[str]:
    """The runs of ASCII letters in ``text`` (``[A-Za-z]+``), in order: ``"ABC123def"``
    gives ``['ABC', 'def']``."""
    if text.isascii():
        return text.encode("ascii").translate(_LETTERS_ONLY).decode("ascii").split()
    return LETTER_RUN.findall(text)
