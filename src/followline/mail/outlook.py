"""Outlook's own files: a ``.msg`` message read with ``extract-msg`` and written out as
RFC 822 bytes, so the one parser (:mod:`~followline.mail.parse`) reads it like any mail.

A ``.msg`` file is an OLE compound file (it starts with :data:`OLE_MAGIC`) holding MAPI
properties, not a MIME message. From those properties this keeps what triage and the web
app read: the sender, the recipients, the subject, the sent date, ``Message-ID`` and
``In-Reply-To``, and the body (plain text, else the HTML body); attachments are left out.
Everything happens in memory: no temporary file is written.

A file that is not an Outlook message (another format with a ``.msg`` name, a damaged or
truncated file, an Outlook contact or task rather than a message) raises
:class:`NotMail` with the reason, which the sources report for that file.

``extract_msg`` is imported only when a ``.msg`` file is met: it pulls in a few dozen
modules, and ``followline triage one.mbox`` should not pay for them.

Example::

    data = outlook_to_rfc822(Path("letter.msg"))
    parse_message(data).from_addr
"""

from __future__ import annotations

import email.policy
import logging
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MSGFLAG_UNSENT = 0x8


class NotMail(ValueError):
    """A file that is not readable mail; the message says why."""


def outlook_to_rfc822(source: Path | bytes) -> bytes:
    """The message of an Outlook ``.msg`` file (a path or its bytes) as RFC 822 bytes."""
    head = source[:8] if isinstance(source, bytes) else _head(source)
    if head != OLE_MAGIC:
        raise NotMail("not an Outlook .msg file (wrong magic bytes: not an OLE compound file)")
    import extract_msg  # noqa: PLC0415 (start-up: loaded only when a .msg file is met)

    # extract-msg logs every property it cannot make sense of; the reason we report is
    # the exception below, so its chatter stays out of the command line's stderr.
    logging.getLogger("extract_msg").setLevel(logging.ERROR)
    opened = str(source) if isinstance(source, Path) else source
    try:
        msg = extract_msg.openMsg(opened, delayAttachments=True)
    except Exception as exc:  # olefile and extract-msg raise many kinds on damaged files
        raise NotMail(f"damaged Outlook .msg file: {type(exc).__name__}: {exc}") from exc
    try:
        if not isinstance(msg, extract_msg.msg_classes.MessageBase):
            raise NotMail(f"an Outlook {type(msg).__name__} item, not a message")
        try:
            return _as_rfc822(msg)
        except NotMail:
            raise
        except Exception as exc:  # a property that cannot be decoded: this file's alone
            raise NotMail(f"damaged Outlook .msg file: {type(exc).__name__}: {exc}") from exc
    finally:
        msg.close()


def _head(path: Path) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(8)


def _as_rfc822(msg: Any) -> bytes:
    out = EmailMessage(policy=email.policy.default)
    for name, value in (
        ("From", msg.sender),
        ("To", msg.to),
        ("Cc", msg.cc),
        ("Subject", msg.subject),
        ("Message-ID", msg.messageId),
        ("In-Reply-To", msg.inReplyTo),
    ):
        value = " ".join(str(value).split()) if value else ""
        if value:
            out[name] = value
    if msg.date is not None:
        out["Date"] = format_datetime(msg.date)
    flags = msg.getPropertyVal("0E070003")  # PR_MESSAGE_FLAGS
    if isinstance(flags, int) and flags & _MSGFLAG_UNSENT:
        out["X-Unsent"] = "1"  # a draft never sent (Outlook's own mark for .eml drafts)
    body = msg.body
    if body:
        out.set_content(body.replace("\r\n", "\n"))
    else:
        html = msg.htmlBody
        if html:
            out.set_content(html.decode("utf-8", "replace"), subtype="html")
        else:
            out.set_content("")
    return out.as_bytes()
