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
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BufferedReader, RawIOBase
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, cast

from followline.mail.outlook import OLE_MAGIC, NotMail, outlook_to_rfc822

PART_CAP = 256 * 1024
MESSAGE_CAP = 8 * 1024 * 1024
OUTLOOK_CAP = 64 * 1024 * 1024  # a .msg is read whole (its attachments are inside it)
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
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),  # inside another archive
    (b"\x1f\x8b", "a gzip archive"),
)
ZIP_MAGIC = b"PK\x03\x04"
_HEADER_LINE = re.compile(rb"(?:>?From |[\x21-\x39\x3b-\x7e]+[ \t]*:)")
_SNIFF = 4096


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message's bytes (bounded) and where it was found."""

    location: str
    data: bytes
    truncated: int = 0  # bytes dropped by the caps
    error: str | None = None  # why the file is not readable mail (``data`` is then empty)

    @property
    def size(self) -> int:
        """The message's bytes in its source, dropped ones included (what a progress bar
        over :func:`source_size` counts)."""
        return len(self.data) + self.truncated


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
    bytes), a ZIP archive (read as the folder it was made of: :func:`read_zip`), an mbox
    when it starts with ``From ``, else one message. A file that is not mail comes as one
    :class:`RawMessage` with ``error`` set, naming the reason."""
    with open(path, "rb") as stream:
        if stream.peek(len(ZIP_MAGIC)).startswith(ZIP_MAGIC) and zipfile.is_zipfile(path):
            yield from read_zip(path)
            return
        yield from _read_stream(stream, str(path), path.suffix.lower())


def _read_stream(stream: BufferedReader[Any], location: str, suffix: str) -> Iterator[RawMessage]:
    """The messages of one file's bytes (see :func:`read_message_file`)."""
    head = stream.peek(_SNIFF)[:_SNIFF]
    if suffix == ".msg" or head.startswith(OLE_MAGIC):
        yield _outlook(stream.read(OUTLOOK_CAP + 1), location)
        return
    reason = not_mail(head)
    if reason is not None:
        yield RawMessage(location, b"", error=reason)
        return
    if head.startswith(b"From "):
        yield from iter_mbox_stream(stream, location)
        return
    pending = _Pending()
    while block := stream.read(BLOCK):
        if not block.endswith(b"\n"):
            block += stream.readline()
        pending.feed(block)
    if pending:
        yield pending.finish(location)


def _outlook(data: bytes, location: str) -> RawMessage:
    if len(data) > OUTLOOK_CAP:
        return RawMessage(location, b"", error=f"an Outlook .msg file over {OUTLOOK_CAP:,} bytes")
    try:
        return RawMessage(location, outlook_to_rfc822(data))
    except NotMail as exc:
        return RawMessage(location, b"", error=str(exc))


def _zip_mail_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members a folder source would read (:data:`MESSAGE_SUFFIXES`, no hidden or
    ``__MACOSX`` entries), in name order."""
    members = []
    for info in archive.infolist():
        name = PurePosixPath(info.filename)
        if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in name.parts):
            continue
        if name.suffix.lower() in MESSAGE_SUFFIXES:
            members.append(info)
    return sorted(members, key=lambda info: info.filename)


def read_zip(path: Path) -> Iterator[RawMessage]:
    """A ZIP archive read as the folder it was made of: how a folder of Outlook ``.msg``
    files (or ``.eml`` files, or mbox files) reaches the web's import screen, which takes
    one file. Members are read one at a time as streams (never extracted to disk, never a
    whole member in memory but a ``.msg``, capped at :data:`OUTLOOK_CAP`), with the caps of
    any message; a message's location is ``archive.zip/member``. An archive inside the
    archive is not opened (reported as not mail), and an archive with no mail file in it
    is one problem, not a silent nothing."""
    with zipfile.ZipFile(path) as archive:
        members = _zip_mail_members(archive)
        if not members:
            yield RawMessage(
                str(path), b"", error="not mail: a ZIP archive with no .eml, .msg or mbox file"
            )
            return
        for info in members:
            location = f"{path}/{info.filename}"
            try:
                with archive.open(info) as member:
                    stream = BufferedReader(cast(RawIOBase, member), buffer_size=2 * _SNIFF)
                    yield from _read_stream(
                        stream, location, PurePosixPath(info.filename).suffix.lower()
                    )
            except (
                zipfile.BadZipFile,
                NotImplementedError,
                RuntimeError,
                EOFError,
                zlib.error,
            ) as exc:
                # damaged, encrypted, or an unsupported compression: this member's problem
                yield RawMessage(location, b"", error=f"unreadable in the ZIP archive: {exc}")


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
        if path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                total += sum(info.file_size for info in _zip_mail_members(archive))
        elif path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(p.stat().st_size for p in _message_files(path))
    return total
