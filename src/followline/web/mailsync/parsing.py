"""What the sync needs from a raw message: stdlib ``email`` with the modern policy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from email.utils import parseaddr, parsedate_to_datetime


@dataclass(frozen=True, slots=True)
class Parsed:
    fingerprint: str
    message_id: str
    in_reply_to: str  # In-Reply-To and References, space-separated
    from_addr: str
    subject: str
    date: datetime | None
    text: str
    raw: bytes = field(default=b"", repr=False)


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header must not stop the sync
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _text(msg: EmailMessage) -> str:
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
        return body.get_content() if body is not None else ""
    except Exception:  # odd charsets, broken MIME: keep the message, lose the text
        return ""


def parse(raw: bytes) -> Parsed:
    msg = message_from_bytes(raw, policy=default)
    message_id = _header(msg, "Message-ID")[:255]
    try:
        date = parsedate_to_datetime(_header(msg, "Date")) if _header(msg, "Date") else None
    except (TypeError, ValueError):
        date = None
    if date is not None and date.tzinfo is None:
        date = None
    return Parsed(
        fingerprint=message_id or "sha256:" + hashlib.sha256(raw).hexdigest(),
        message_id=message_id,
        in_reply_to=" ".join(
            filter(None, [_header(msg, "In-Reply-To"), _header(msg, "References")])
        ),
        from_addr=parseaddr(_header(msg, "From"))[1].lower()[:255],
        subject=_header(msg, "Subject")[:400],
        date=date,
        text=_text(msg)[:20000],
        raw=raw,
    )
