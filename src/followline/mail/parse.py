"""Parse one raw message into what triage needs: sender, date, subject and body text.

Two parsers, one result. First ``fast-mail-parser`` (Rust; about 25 µs a message against
about 180 µs for the standard library), in its lazy mode (attachments are not decoded).
Its answer is used when the message is clean: it parsed without an error or a repair
warning, has a sender address and a ``Date``, and its text has no replacement characters
(a charset that was wrong). Anything else goes to the standard library's parser, whose
lenient recovery is the reference below (tests check that both agree on clean mail).

The standard library's parser runs with its ``compat32`` policy (the fast, lenient one)
and decodes only what is used: the ``From``, ``Subject`` and ``Date`` headers and the first
text part (``text/plain``, else ``text/html`` turned to text with selectolax), and the
threading headers (``Message-ID``, ``In-Reply-To``, ``References``). Broken mail
never raises from here: a wrong or unknown charset falls back to UTF-8, then to cp1252 with
replacement characters; an undecodable encoded word is kept as it was; a missing or bad
``Date`` falls back to the newest ``Received`` stamp, else ``None``. Only the first
:data:`TEXT_CAP` characters of the body are kept: the classifier and the duplicate
detector look at no more.

Every message has a :attr:`ParsedMessage.fingerprint`, the key the web app files it under
so that it is never filed twice: its ``Message-ID``, else a hash of its sender, date,
subject and text (whitespace-insensitive, so an mbox export and the same message read over
IMAP, with CRLF line ends, agree).

Example::

    parsed = parse_message(b"From: Ann <ann@example.com>\\nSubject: Hi\\n\\nThanks!\\n")
    parsed.from_addr, parsed.subject, parsed.text   # ('ann@example.com', 'Hi', 'Thanks!\\n')
"""

from __future__ import annotations

import codecs
import email.policy
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

import fast_mail_parser
from selectolax.lexbor import LexborHTMLParser

TEXT_CAP = 16 * 1024
_BYTES_CAP = 4 * TEXT_CAP
_PARSER = BytesParser(policy=email.policy.compat32)


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    message_id: str | None
    from_name: str
    from_addr: str
    date: datetime | None
    subject: str
    text: str
    html_only: bool
    problems: tuple[str, ...] = ()
    in_reply_to: str = ""
    references: tuple[str, ...] = ()  # Message-IDs, oldest first

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.message_id, self.from_addr, self.date, self.subject, self.text)


FINGERPRINT_MAX = 255
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def fingerprint(
    message_id: str | None, from_addr: str, date: datetime | None, subject: str, text: str
) -> str:
    """The key a message is filed under: its ``Message-ID``, else ``sha256:`` of the rest."""
    if message_id and message_id.strip():
        return " ".join(message_id.split())[:FINGERPRINT_MAX]
    content = "\x00".join(
        (
            from_addr.strip().lower(),
            date.isoformat() if date is not None else "",
            " ".join(subject.split()),
            " ".join(text.split()),
        )
    )
    return "sha256:" + hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def message_ids(value: object) -> tuple[str, ...]:
    """The ``<...>`` Message-IDs in an ``In-Reply-To`` or ``References`` header."""
    return tuple(_MESSAGE_ID.findall(str(value))) if value else ()


def decode_header_value(value: object) -> str:
    """A header as text: encoded words decoded, broken ones left as they were."""
    if value is None:
        return ""
    raw = str(value)
    if "=?" not in raw:
        return " ".join(raw.split())
    try:
        return " ".join(str(make_header(decode_header(raw))).split())
    except (LookupError, UnicodeError, ValueError, AssertionError):
        return " ".join(raw.split())


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes to text with the declared charset, falling back when it is wrong or unknown."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            codecs.lookup(candidate)
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    return data.decode("cp1252", errors="replace")


def html_to_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "head"])
    return tree.text(separator="\n", strip=True)


def _parse_date(message: Message) -> tuple[datetime | None, str | None]:
    # Headers with undecodable bytes come back as Header objects: str() them.
    stamps = [str(message.get("Date") or "")]
    received = message.get_all("Received") or []
    stamps += [str(r).rpartition(";")[2] for r in received[:1]]
    for stamp in stamps:
        if stamp and (parsed := _date_of(stamp)) is not None:
            return parsed, None if stamp is stamps[0] else "date taken from Received"
    return None, "no usable date"


def _date_of(stamp: str) -> datetime | None:
    """An RFC 5322 date with the sender's own offset; "-0000" (zone unknown) is UTC."""
    try:
        parsed = parsedate_to_datetime(stamp.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _sender(message: Message) -> tuple[str, str]:
    return _sender_of(message.get("From") or message.get("Sender") or message.get("Return-Path"))


def _sender_of(raw: object) -> tuple[str, str]:
    """(display name, address) of a ``From``-like header."""
    try:
        pairs = getaddresses([decode_header_value(raw)])
    except (TypeError, ValueError, IndexError):
        pairs = []
    for name, addr in pairs:
        if addr:
            return name.strip(), addr.strip()
    return decode_header_value(raw), ""


def _first_text(message: Message) -> tuple[str, bool, str | None]:
    """(text, html_only, problem) of the first usable text part."""
    html_part: Message | None = None
    for part in message.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        if (part.get("Content-Disposition") or "").lower().startswith("attachment"):
            continue
        if ctype == "text/html":
            html_part = html_part or part
            continue
        return _decode_part(part), False, None
    if html_part is not None:
        return html_to_text(_decode_part(html_part)), True, None
    return "", False, "no text part"


def _decode_part(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        payload = None
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw[:TEXT_CAP] if isinstance(raw, str) else ""
    try:
        charset = part.get_content_charset()
    except (LookupError, ValueError, UnicodeError):
        charset = None
    return decode_bytes(payload[:_BYTES_CAP], charset)[:TEXT_CAP]


def parse_message(data: bytes) -> ParsedMessage:
    """Parse raw message bytes; never raises for malformed mail (problems are listed)."""
    try:
        mail = fast_mail_parser.parse_email(data, mode="lazy")
    except fast_mail_parser.ParseError:
        return parse_with_stdlib(data)
    return _clean(mail) or parse_with_stdlib(data)


def _clean(mail: fast_mail_parser.PyLazyMail) -> ParsedMessage | None:
    """The fast parser's result, when the message is clean (see the module docstring)."""
    sender = mail.from_
    if mail.warnings or sender is None or not sender.address or not mail.date:
        return None
    date = _date_of(mail.date)
    if date is None:
        return None
    plain = next((text for text in mail.text_plain if text.strip()), None)
    if plain is not None:
        text, html_only = plain[:TEXT_CAP], False
    elif mail.text_html:
        text, html_only = html_to_text(mail.text_html[0][:TEXT_CAP])[:TEXT_CAP], True
    else:
        return None  # "no text part" is the stdlib path's to report
    if "\ufffd" in text:
        return None
    headers = {name.lower(): values for name, values in mail.headers.items()}
    name = sender.display_name or ""
    if not name or "=?" in name:
        # "ann@x (Ann)" and encoded words inside a word: the stdlib's lenient reading.
        name, _ = _sender_of(headers.get("from", [""])[0])
    ids = headers.get("message-id")
    replied = headers.get("in-reply-to")
    references = headers.get("references")
    return ParsedMessage(
        message_id=ids[0].strip() if ids else None,
        from_name=" ".join(name.split()),
        from_addr=sender.address.strip(),
        date=date,
        subject=_subject(mail.subject or "", headers),
        text=text,
        html_only=html_only,
        in_reply_to=" ".join(replied[0].split()) if replied else "",
        references=message_ids(references[0]) if references else (),
    )


def _subject(decoded: str, headers: dict[str, list[str]]) -> str:
    if "=?" in decoded:  # an encoded word the fast parser left alone
        return decode_header_value(headers.get("subject", [decoded])[0])
    return " ".join(decoded.split())


def parse_with_stdlib(data: bytes) -> ParsedMessage:
    """:func:`parse_message` with the standard library's parser only."""
    message = _PARSER.parsebytes(data)
    problems = [type(d).__name__ for d in message.defects[:3]]
    date, date_note = _parse_date(message)
    if date_note:
        problems.append(date_note)
    name, addr = _sender(message)
    if not addr:
        problems.append("no sender address")
    text, html_only, text_note = _first_text(message)
    if text_note:
        problems.append(text_note)
    message_id = message.get("Message-ID")
    replied = message.get("In-Reply-To")
    return ParsedMessage(
        message_id=str(message_id).strip() if message_id else None,
        from_name=name,
        from_addr=addr,
        date=date,
        subject=decode_header_value(message.get("Subject")),
        text=text,
        html_only=html_only,
        problems=tuple(problems),
        in_reply_to=" ".join(str(replied).split()) if replied else "",
        references=message_ids(message.get("References")),
    )
