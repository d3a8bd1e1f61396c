"""Where triage keeps each candidate's contacts until they are judged: a temporary SQLite file.

A candidate is judged only after the last message (a mailbox has no end marker per
sender), and the candidate record lists every contact with its verdict. Kept in memory,
the contacts would grow with the mailbox; here they go to a temporary database on disk, in
batches, and come back one candidate at a time. Memory holds the per-candidate counts and
the duplicate index; the disk holds one row per contact and one text per distinct letter.

Example::

    with ContactStore() as store:
        store.add(7, Entry(at, Channel.EMAIL, CandidateKind.THANK_YOU, message=1), text_key=1)
        store.add_text(7, 1, "Thank you for the interview.")
        list(store.grouped())   # [(7, [Entry(..., text='Thank you for the interview.')])]
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from types import TracebackType

from followline.line import CandidateKind, Channel

BATCH = 5000  # rows written at a time


@dataclass(slots=True)
class Entry:
    """One contact of a candidate: a message (``message`` id) or a call (``call`` line)."""

    at: datetime
    channel: Channel
    kind: CandidateKind
    text: str | None = None
    voicemail: bool | None = None
    message: int | None = None
    call: int | None = None
    duplicate_of: int | None = None


_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE contact (
    candidate INTEGER, at TEXT, channel TEXT, kind TEXT, text_key INTEGER,
    voicemail INTEGER, message INTEGER, call INTEGER, duplicate_of INTEGER
);
CREATE TABLE letter (candidate INTEGER, text_key INTEGER, text TEXT);
"""
# Every contact, candidate by candidate in input order, its letter joined in: one ordered
# scan (a query per candidate would cost ~0.1 ms each, a sixth of a small run).
_READ = """
SELECT c.candidate, c.at, c.channel, c.kind, l.text, c.voicemail, c.message, c.call,
       c.duplicate_of
FROM contact c LEFT JOIN letter l ON l.candidate = c.candidate AND l.text_key = c.text_key
ORDER BY c.candidate, c.rowid
"""


class ContactStore:
    """Contacts per candidate (an integer), written in batches, read back in input order."""

    def __init__(self) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="followline-triage-")
        path = Path(self._directory.name) / "contacts.sqlite3"
        self._db = sqlite3.connect(path)
        self._db.executescript(_SCHEMA)
        self._contacts: list[tuple[object, ...]] = []
        self._letters: list[tuple[int, int, str]] = []

    def add(self, candidate: int, entry: Entry, *, text_key: int | None = None) -> None:
        """File a contact; its text, if any, is the letter stored under ``text_key``."""
        self._contacts.append(
            (
                candidate,
                entry.at.isoformat(),
                entry.channel.value,
                entry.kind.value,
                text_key,
                entry.voicemail,
                entry.message,
                entry.call,
                entry.duplicate_of,
            )
        )
        if len(self._contacts) >= BATCH:
            self._flush()

    def add_text(self, candidate: int, text_key: int, text: str) -> None:
        """Store a candidate's letter once, under the id of its first copy."""
        self._letters.append((candidate, text_key, text))
        if len(self._letters) >= BATCH:
            self._flush()

    def grouped(self) -> Iterator[tuple[int, list[Entry]]]:
        """Every candidate that has contacts, in ascending order, with its contacts in the
        order they were added, texts joined in. Call once, after the last :meth:`add`."""
        self._flush()
        self._db.execute("CREATE INDEX letter_key ON letter (candidate, text_key)")
        rows = self._db.execute(_READ)
        for candidate, group in groupby(rows, key=itemgetter(0)):
            yield (
                candidate,
                [
                    Entry(
                        datetime.fromisoformat(at),
                        Channel(channel),
                        CandidateKind(kind),
                        text,
                        None if voicemail is None else bool(voicemail),
                        message,
                        call,
                        duplicate_of,
                    )
                    for _, at, channel, kind, text, voicemail, message, call, duplicate_of in group
                ],
            )

    def _flush(self) -> None:
        with self._db:
            if self._contacts:
                self._db.executemany(
                    "INSERT INTO contact VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self._contacts
                )
            if self._letters:
                self._db.executemany("INSERT INTO letter VALUES (?, ?, ?)", self._letters)
        self._contacts.clear()
        self._letters.clear()

    def close(self) -> None:
        self._db.close()
        self._directory.cleanup()

    def __enter__(self) -> ContactStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
