"""The boundary between the employer's import screen and the triage pipeline.

The site needs three things from a mailbox or a call-log file, as streams:

* :func:`read_mailbox` yields :class:`InboundMessage` (who wrote, when, what, which kind,
  spam or not, which earlier message it repeats, or why it could not be read);
* :func:`read_calls` yields :class:`InboundCall` (when, which number, voicemail or not);
* :func:`address_key` / :func:`phone_key` say which candidate a sender or caller is.

Both readers call ``progress(done, total)`` as they go. They use the triage pipeline
(``followline.mail``: streaming sources for mbox, Maildir and .eml, MIME parsing, reply and
signature stripping, the shared classifier, MinHash duplicates, address and phone-number
normalisation, the call-log CSV reader) when it is installed. Without it a minimal
standard-library reader stands in (mbox or one .eml, the shared classifier from
:mod:`followline.classify`, digits-only phone matching), so the screen works either way.
The engine judges the contacts afterwards, with the opening's own policy.
"""

from __future__ import annotations

import csv
import email
import email.policy
import mailbox
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from followline.classify import classify

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
    error: str | None = None  # why the message could not be read (then nothing else is set)


@dataclass(frozen=True)
class InboundCall:
    number: str
    at: datetime
    voicemail: bool


def pipeline_available() -> bool:
    """True when the triage pipeline (``followline.mail``) is installed."""
    try:
        import followline.mail.analyse  # noqa: F401
    except ImportError:
        return False
    return True


def address_key(address: str) -> str:
    """The candidate key of an email address (case, plus-tags, display names ignored)."""
    if pipeline_available():
        from followline.mail.addresses import normalise_address

        return normalise_address(address)
    return getaddresses([address])[0][1].strip().lower() if address else ""


def phone_key(number: str) -> str:
    """The candidate key of a phone number (E.164 with the pipeline, else its last 10 digits)."""
    if pipeline_available():
        from followline.mail.addresses import normalise_phone

        return normalise_phone(number, REGION) or number.strip()
    return "".join(ch for ch in number if ch.isdigit())[-10:]


def read_mailbox(path: Path, progress: Progress) -> Iterator[InboundMessage]:
    """Messages of an mbox file, a Maildir or .eml directory, or one .eml, in file order."""
    if pipeline_available():
        yield from _pipeline_mailbox(path, progress)
    else:
        yield from _stdlib_mailbox(path, progress)


def read_calls(path: Path, progress: Progress) -> Iterator[InboundCall]:
    """Rows of a call log: CSV with ``time, number, duration, voicemail`` columns."""
    with path.open("rb") as fh:
        total = max(0, sum(1 for _ in fh) - 1)
    if pipeline_available():
        from followline.mail.csvinputs import read_calls as triage_calls

        rows = ((c.number, c.at, c.voicemail) for c in triage_calls(path, UTC, REGION))
    else:
        rows = _stdlib_calls(path)
    for i, (number, at, voicemail) in enumerate(rows, 1):
        yield InboundCall(number=number, at=at, voicemail=voicemail)
        progress(i, total)


def _pipeline_mailbox(path: Path, progress: Progress) -> Iterator[InboundMessage]:
    from followline.mail.analyse import analyse_many
    from followline.mail.dedupe import DuplicateIndex, from_hashvalues
    from followline.mail.sources import iter_sources, source_size

    total = source_size([str(path)]) or path.stat().st_size
    duplicates = DuplicateIndex()
    done = 0
    for number, item in enumerate(analyse_many(iter_sources([str(path)]), REGION), start=1):
        done += item.size
        progress(min(done, total), total)
        if item.error is not None or item.classification is None:
            yield InboundMessage(number, "", item.location, None, "", "", "other", False,
                                 error=item.error or "unreadable")
            continue
        found = item.classification
        yield InboundMessage(
            number=number, sender=item.candidate, name=item.from_display or item.candidate,
            at=item.date, subject=item.subject, text=item.body,
            kind=str(found.candidate_kind), spam=found.spam,
            duplicate_of=duplicates.add_sketch(number, from_hashvalues(item.signature)),
        )


def _stdlib_mailbox(path: Path, progress: Progress) -> Iterator[InboundMessage]:
    with path.open("rb") as fh:
        is_mbox = fh.read(5) == b"From "
    if is_mbox:
        box = mailbox.mbox(path, create=False)
        keys = box.keys()
        for i, key in enumerate(keys, 1):
            message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            yield _stdlib_message(i, message)
            progress(i, len(keys))
    else:
        with path.open("rb") as fh:
            yield _stdlib_message(1, email.message_from_binary_file(fh,
                                                                    policy=email.policy.default))
        progress(1, 1)


def _stdlib_message(number: int, msg) -> InboundMessage:
    name, sender = (getaddresses([str(msg.get("From", ""))]) or [("", "")])[0]
    try:
        at = parsedate_to_datetime(str(msg["Date"])) if msg["Date"] else None
    except (TypeError, ValueError):
        at = None
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    subject = str(msg.get("Subject", ""))
    body = msg.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    found = classify(text, subject=subject)
    return InboundMessage(
        number=number, sender=sender.lower(), name=name or sender, at=at, subject=subject,
        text=text.strip(), kind=str(found.candidate_kind), spam=found.spam,
    )


def _stdlib_calls(path: Path) -> Iterator[tuple[str, datetime, bool]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            missing = [c for c in ("time", "number") if not (row.get(c) or "").strip()]
            if missing:
                raise ValueError(f"{path.name}:{line}: no {missing[0]}")
            at = datetime.fromisoformat(row["time"].strip())
            voicemail = row.get("voicemail", "").strip().lower() in {"yes", "y", "true", "1"}
            yield row["number"].strip(), at if at.tzinfo else at.replace(tzinfo=UTC), voicemail
