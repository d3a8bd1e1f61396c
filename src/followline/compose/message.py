"""Build a standard-library e-mail message from a draft (for download as .eml or sending).

Headers go through :mod:`followline.compose.headers`; the stdlib ``email`` package with the
SMTP policy then refuses any header value that still contains CR or LF.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from followline.compose.headers import check_address, single_line
from followline.compose.templates import Draft


def build_message(
    draft: Draft,
    *,
    from_addr: str,
    to: list[str],
    date: datetime,
    message_id: str | None = None,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """A multipart/alternative message (text, and HTML when the draft has it).

    ``from_addr`` and each of ``to`` are complete address strings, e.g. from
    :func:`followline.compose.headers.format_address`; each must be exactly one address
    (:func:`~followline.compose.headers.check_address`, else ValueError), so that no
    name, however long, can add a recipient.
    """
    msg = EmailMessage(policy=SMTP)
    msg["From"] = check_address(from_addr) if from_addr.strip() else ""
    msg["To"] = ", ".join(check_address(t) for t in to)
    msg["Subject"] = single_line(draft.subject)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id or make_msgid(domain="followline.invalid")
    if in_reply_to:
        msg["In-Reply-To"] = single_line(in_reply_to)
        msg["References"] = single_line(in_reply_to)
    msg.set_content(draft.text)
    if draft.html:
        msg.add_alternative(draft.html, subtype="html")
    return msg
