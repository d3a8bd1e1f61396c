"""The boundary between the employer's import screen and the triage pipeline.

The site needs three things from a mailbox or a call-log file, as streams:

* :func:`read_mailbox` yields :class:`InboundMessage` (who wrote, when, what, which kind,
  spam or not, which earlier message it repeats, or why it could not be read);
* :func:`read_calls` yields :class:`InboundCall` (when, which number, voicemail or not);
* :func:`address_key` / :func:`phone_key` say which candidate a sender or caller is.

All of it is the triage pipeline's (``followline.mail``): streaming sources (mbox, Maildir,
a directory of .eml files, one .eml), MIME parsing, reply and signature stripping, the
shared classifier, MinHash near-duplicates, address and phone-number normalisation, the
call-log CSV reader. Messages are analysed in this process, one at a time (the import runs
on the background worker). Both readers call ``progress(done, total)`` as they go; the
engine judges the contacts afterwards, with the opening's own policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from followline.mail.addresses import normalise_address, normalise_phone
from followline.mail.analyse import analyse_many
from followline.mail.csvinputs import read_calls as triage_calls
from followline.mail.dedupe import DuplicateIndex
from followline.mail.sources import iter_sources, source_size

Progress = Callable[[int, int], None]
REGION = "US"  # default region for phone numbers written without a country code


@dataclass(frozen=True)
class InboundMessage:
    number: int  # 1-based position in the file
    sender: str  # the candidate key: a normalised address ('' when unknown)
    name: str
    at: datetime | None
    subject: str
    text: str
    kind: str  # a candidate kind of the line: thank_you, status_inquiry, reply, other
    spam: bool
    duplicate_of: int | None = None  # number of the earlier message this one repeats
    phones: tuple[str, ...] = ()  # numbers in the signature, E.164 (to match the call log)
    error: str | None = None  # why the message could not be read (then nothing else is set)


@dataclass(frozen=True)
class InboundCall:
    number: str
    at: datetime
    voicemail: bool


def address_key(address: str) -> str:
    """The candidate key of an email address (case, plus-tags, display names ignored)."""
    return normalise_address(address)


def phone_key(number: str) -> str:
    """The candidate key of a phone number: E.164 when it parses, else as written."""
    return normalise_phone(number, REGION) or number.strip()


def read_mailbox(path: Path, progress: Progress) -> Iterator[InboundMessage]:
    """Messages of an mbox file, a Maildir or .eml directory, or one .eml, in file order."""
    total = source_size([str(path)]) or path.stat().st_size
    duplicates = DuplicateIndex()
    done = 0
    for number, item in enumerate(analyse_many(iter_sources([str(path)]), REGION), start=1):
        done += item.size
        progress(min(done, total), total)
        if item.error is not None or item.classification is None:
            yield InboundMessage(
                number,
                "",
                item.location,
                None,
                "",
                "",
                "other",
                False,
                error=item.error or "unreadable",
            )
            continue
        found = item.classification
        yield InboundMessage(
            number=number,
            sender=item.candidate,
            name=item.from_name or item.from_display or item.candidate,
            at=item.date,
            subject=item.subject,
            text=item.body,
            kind=str(found.candidate_kind),
            spam=found.spam,
            duplicate_of=duplicates.add_sketch(number, item.sketch),
            phones=tuple(item.phones),
        )


def read_calls(path: Path, progress: Progress) -> Iterator[InboundCall]:
    """Rows of a call log: CSV with ``time, number, duration, voicemail`` columns (see
    :mod:`followline.mail.csvinputs`); times without an offset are read as UTC."""
    with path.open("rb") as fh:
        total = max(0, sum(1 for _ in fh) - 1)
    for i, call in enumerate(triage_calls(path, UTC, REGION), start=1):
        yield InboundCall(number=call.number, at=call.at, voicemail=call.voicemail)
        progress(i, total)
