"""The boundary between the employer's import screen and the triage pipeline.

The site needs exactly two things from a mailbox or call-log file, as streams:

* :func:`read_mailbox` yields :class:`InboundMessage` (who wrote, when, what, which kind,
  spam or not, which earlier message it repeats);
* :func:`read_calls` yields :class:`InboundCall` (when, which number, voicemail or not).

Both call ``progress(done, total)`` as they go. They use the triage pipeline in
``followline.mail`` when it is installed; until then a minimal standard-library reader
(mbox or one .eml, the shared classifier from :mod:`followline.classify`) stands in, so
the import screen works end to end either way. The engine judges the contacts afterwards.
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


@dataclass(frozen=True)
class InboundMessage:
    sender: str
    name: str
    at: datetime | None
    subject: str
    text: str
    kind: str  # a candidate kind of the line: thank_you, status_inquiry, reply, other
    spam: bool
    duplicate_of: int | None = None  # index of the earlier message this one repeats


@dataclass(frozen=True)
class InboundCall:
    number: str
    at: datetime
    voicemail: bool


def pipeline_available() -> bool:
    """True when the triage pipeline (``followline.mail``) is installed."""
    try:
        import followline.mail  # noqa: F401
    except ImportError:
        return False
    return True


def read_mailbox(path: Path, progress: Progress) -> Iterator[InboundMessage]:
    """Messages of an mbox file (or a single .eml), in file order."""
    yield from _stdlib_mailbox(path, progress)


def read_calls(path: Path, progress: Progress) -> Iterator[InboundCall]:
    """Rows of a call log: CSV with ``time, number, duration, voicemail`` columns."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, 1):
        at = datetime.fromisoformat(row["time"].strip())
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        voicemail = row.get("voicemail", "").strip().lower() in {"yes", "y", "true", "1"}
        yield InboundCall(number=row["number"].strip(), at=at, voicemail=voicemail)
        progress(i, len(rows))


def _stdlib_mailbox(path: Path, progress: Progress) -> Iterator[InboundMessage]:
    if _looks_like_mbox(path):
        box = mailbox.mbox(path, factory=None, create=False)
        keys = box.keys()
        for i, key in enumerate(keys, 1):
            raw = box.get_bytes(key)
            yield _message(email.message_from_bytes(raw, policy=email.policy.default))
            progress(i, len(keys))
    else:
        with path.open("rb") as fh:
            msg = email.message_from_binary_file(fh, policy=email.policy.default)
        yield _message(msg)
        progress(1, 1)


def _looks_like_mbox(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"From "


def _message(msg) -> InboundMessage:
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
        sender=sender.lower(), name=name or sender, at=at, subject=subject,
        text=text.strip(), kind=str(found.candidate_kind), spam=found.spam,
    )
