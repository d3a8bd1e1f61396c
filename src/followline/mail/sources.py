"""Where messages come from: mbox files (or ``-`` for an mbox on stdin), Maildirs,
directories of message files and single message files, read as a stream of raw messages.

Nothing here holds a mailbox in memory: files are read line by line, and every message is
handed on as soon as its last line is read. Huge attachments are never held whole either
(:class:`BoundedBody`): in a message body every run of lines between two lines that start
with ``--`` (where MIME boundaries are) keeps at most :data:`PART_CAP` bytes, and a message
keeps at most :data:`MESSAGE_CAP` bytes in all. Text parts come first in real mail and the
classifier reads only their beginning, so what is cut is attachment data; the cut is
counted on the message (``truncated``).

Examples::

    for raw in iter_source("inbox.mbox"):
        print(raw.location, len(raw.data))
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from followline.mail.outlook import OLE_MAGIC, NotMail, outlook_to_rfc822

PART_CAP = 256 * 1024
MESSAGE_CAP = 8 * 1024 * 1024
HEADER_CAP = 1024 * 1024

# Files a directory source reads: .eml and .txt exports, suffix-less names (MH folders
# and Maildir-like dumps use bare numbers or unique names), mbox files and Outlook's .msg.
MESSAGE_SUFFIXES = {".eml", ".txt", "", ".mbox", ".msg"}

# Other formats' first bytes: a file starting so is not mail, whatever its name.
_NOT_MAIL_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
)
_HEADER_LINE = re.compile(rb"(?:>?From |[\x21-\x39\x3b-\x7e]+[ \t]*:)")
_SNIFF = 4096


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message's bytes (bounded) and where it was found."""

    location: str
    data: bytes
    truncated: int = 0  # bytes dropped by the caps
    error: str | None = None  # why the file is not readable mail (``data`` is then empty)


class BoundedBody:
    """Collects the lines of one message, dropping attachment data past the caps."""

    __slots__ = ("_in_body", "_lines", "_part_bytes", "_total", "truncated")

    def __init__(self) -> None:
        self._lines: list[bytes] = []
        self._in_body = False
        self._part_bytes = 0
        self._total = 0
        self.truncated = 0

    def add(self, line: bytes) -> None:
        size = len(line)
        if not self._in_body:
            if line in (b"\n", b"\r\n"):
                self._in_body = True
            elif self._total + size > HEADER_CAP:
                self.truncated += size
                return
        elif line.startswith(b"--"):
            self._part_bytes = 0
        else:
            self._part_bytes += size
            if self._part_bytes > PART_CAP or self._total + size > MESSAGE_CAP:
                self.truncated += size
                return
        self._total += size
        self._lines.append(line)

    def __bool__(self) -> bool:
        return bool(self._lines)

    def finish(self, location: str) -> RawMessage:
        return RawMessage(location, b"".join(self._lines), self.truncated)


class _Pending:
    """The bytes of the message being read: kept as they come while small, bounded by
    :class:`BoundedBody` (line by line) once past :data:`PART_CAP`."""

    __slots__ = ("bounded", "chunks", "size")

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.bounded: BoundedBody | None = None

    def feed(self, data: bytes) -> None:
        """Add whole lines."""
        if not data:
            return
        if self.bounded is None:
            self.chunks.append(data)
            self.size += len(data)
            if self.size <= PART_CAP:
                return
            data, self.chunks = b"".join(self.chunks), []
            self.bounded = BoundedBody()
        for line in data.splitlines(keepends=True):
            self.bounded.add(line)

    def __bool__(self) -> bool:
        return bool(self.chunks) or bool(self.bounded)

    def finish(self, location: str) -> RawMessage:
        if self.bounded is not None:
            return self.bounded.finish(location)
        return RawMessage(location, b"".join(self.chunks))


_BOUNDARY = re.compile(rb"\n\r?\n(?=From )")
BLOCK = 1 << 20


def iter_mbox_stream(stream: BinaryIO, name: str) -> Iterator[RawMessage]:
    """Split an mbox stream into messages at ``From `` lines after a blank line (mboxo/rd).

    Reads blocks of whole lines and finds the boundaries with one regular expression, so
    long mailboxes split at C speed. ``>From `` quoting inside bodies is left as it is (as
    the standard library's :mod:`mailbox` does). The location of a message is
    ``name@offset`` with the byte offset of its ``From `` line; text before the first
    ``From `` line is a message too (a file holding one message without an envelope line).
    """
    pending = _Pending()
    start = 0  # offset of the current message's first byte
    offset = 0  # offset of the current block
    previous_blank = True  # the last line before this block was blank (or there was none)
    while block := stream.read(BLOCK):
        if not block.endswith(b"\n"):
            block += stream.readline()
        # Blocks end at line ends, so a "\n" always precedes a block (or the file starts).
        cuts = [m.end() - 1 for m in _BOUNDARY.finditer(b"\n" + block)]
        if previous_blank and block.startswith(b"From "):
            cuts.insert(0, 0)
        position = 0
        for cut in cuts:
            pending.feed(block[position:cut])
            if pending:
                yield _without_envelope(pending.finish(f"{name}@{start}"))
            pending = _Pending()
            start = offset + cut
            position = cut
        pending.feed(block[position:])
        last_line = block[block.rfind(b"\n", 0, len(block) - 1) + 1 :]
        previous_blank = last_line in (b"\n", b"\r\n")
        offset += len(block)
    if pending:
        yield _without_envelope(pending.finish(f"{name}@{start}"))


def _without_envelope(raw: RawMessage) -> RawMessage:
    """Drop the mbox ``From `` envelope line (it is not a header)."""
    if raw.data.startswith(b"From "):
        end = raw.data.find(b"\n")
        data = raw.data[end + 1 :] if end >= 0 else b""
        return RawMessage(raw.location, data, raw.truncated)
    return raw


def not_mail(head: bytes) -> str | None:
    """Why a file whose first bytes are ``head`` is not mail, or ``None`` when it may be.

    Another format's signature (an image, a PDF, an archive) is not mail; nor is binary
    data (NUL bytes) that does not start with a header line. Text is given the benefit of
    the doubt: headerless text is read as a message, as before, and its problems listed.
    """
    if not head.strip():
        return "not mail: an empty file"
    for magic, what in _NOT_MAIL_MAGIC:
        if head.startswith(magic):
            return f"not mail: {what}"
    if b"\0" in head and not _HEADER_LINE.match(head):
        return "not mail: binary data, no header lines"
    return None


def read_message_file(path: Path) -> Iterator[RawMessage]:
    """One file: an Outlook message (``.msg``, or any file starting with OLE's magic
    bytes), an mbox when it starts with ``From ``, else one message. A file that is not
    mail comes as one :class:`RawMessage` with ``error`` set, naming the reason."""
    with open(path, "rb") as stream:
        head = stream.read(_SNIFF)
        stream.seek(0)
        if path.suffix.lower() == ".msg" or head.startswith(OLE_MAGIC):
            yield _outlook(path)
            return
        reason = not_mail(head)
        if reason is not None:
            yield RawMessage(str(path), b"", error=reason)
            return
        if head.startswith(b"From "):
            yield from iter_mbox_stream(stream, str(path))
            return
        pending = _Pending()
        while block := stream.read(BLOCK):
            if not block.endswith(b"\n"):
                block += stream.readline()
            pending.feed(block)
        if pending:
            yield pending.finish(str(path))


def _outlook(path: Path) -> RawMessage:
    try:
        data = outlook_to_rfc822(path)
    except NotMail as exc:
        return RawMessage(str(path), b"", error=str(exc))
    return RawMessage(str(path), data)


ENVELOPE = b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n"


def write_mbox(messages: Iterable[bytes], out: BinaryIO) -> int:
    """Write raw messages as an mbox that :func:`iter_mbox_stream` splits back exactly:
    an envelope line where a message has none, and a blank line after each. Returns the
    number written."""
    count = 0
    for data in messages:
        if not data.startswith(b"From "):
            out.write(ENVELOPE)
        out.write(data.rstrip(b"\n"))
        out.write(b"\n\n")
        count += 1
    return count


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _message_files(directory: Path) -> Iterator[Path]:
    if _is_maildir(directory):
        for sub in ("new", "cur"):
            for entry in sorted(os.scandir(directory / sub), key=lambda e: e.name):
                if entry.is_file() and not entry.name.startswith("."):
                    yield Path(entry.path)
        return
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and path.suffix.lower() in MESSAGE_SUFFIXES:
                yield path


def iter_source(source: str, stdin: BinaryIO | None = None) -> Iterator[RawMessage]:
    """The messages of one SOURCE: ``-`` (mbox on stdin), a directory or a file."""
    if source == "-":
        yield from iter_mbox_stream(stdin or sys.stdin.buffer, "-")
        return
    path = Path(source)
    if path.is_dir():
        for file in _message_files(path):
            yield from read_message_file(file)
    elif path.is_file():
        yield from read_message_file(path)
    else:
        raise FileNotFoundError(f"no such mailbox, directory or file: {source}")


def iter_sources(sources: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[RawMessage]:
    for source in sources:
        yield from iter_source(source, stdin)


def source_size(sources: Iterable[str]) -> int | None:
    """Total bytes to read (for a progress bar); ``None`` when stdin is among them."""
    total = 0
    for source in sources:
        if source == "-":
            return None
        path = Path(source)
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(p.stat().st_size for p in _message_files(path))
    return total
