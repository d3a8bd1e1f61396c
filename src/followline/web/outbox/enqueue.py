"""Putting mail into the outbox: the one way the rest of the app sends e-mail.

>>> enqueue_mail(["Ann Lee <ann@example.com>"], "Your application", "Dear Ann, ...",
...              dedupe_key="update:app-12:2026-11-12")          # doctest: +SKIP

Enqueueing only writes a row (inside the caller's transaction, if any): nothing is sent
until the worker claims it, so a rolled-back request sends nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from email.utils import make_msgid

from django.conf import settings
from django.db import IntegrityError, transaction

from followline.compose.headers import check_address, single_line
from followline.compose.templates import Draft
from followline.web.outbox.models import OutboxMessage

_FORBIDDEN_EXTRA_HEADERS = {"to", "cc", "bcc", "from", "subject", "message-id", "reply-to"}


def message_id_domain() -> str:
    configured = settings.OUTBOX_MESSAGE_ID_DOMAIN
    if configured:
        return configured
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "followline.invalid"


def enqueue_mail(
    to: str | Sequence[str],
    subject: str,
    text: str,
    html: str = "",
    *,
    from_email: str | None = None,
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
    dedupe_key: str | None = None,
    purpose: str = "",
    ref: str = "",
    send_after: datetime | None = None,
    smtp_account=None,
) -> OutboxMessage:
    """Queue one mail and return its row (the existing row when ``dedupe_key`` was used).

    Every header value is made single-line here and every address must parse as exactly one
    mailbox (else ValueError), so CR/LF in a name or subject can never start a new header
    or add a recipient. The Message-ID is fixed now and kept across retries.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise ValueError("a message needs at least one recipient")
    extra = {}
    for name, value in (headers or {}).items():
        clean = single_line(name)
        if clean.lower() in _FORBIDDEN_EXTRA_HEADERS or not clean.replace("-", "").isalnum():
            raise ValueError(f"header {name!r} cannot be set here")
        extra[clean] = single_line(value)
    fields = {
        "from_email": check_address(from_email or settings.DEFAULT_FROM_EMAIL),
        "to": [check_address(r) for r in recipients],
        "reply_to": [check_address(r) for r in reply_to],
        "subject": single_line(subject),
        "text": text,
        "html": html,
        "headers": extra,
        "purpose": purpose,
        "ref": ref,
        "smtp_account": smtp_account,
        "message_id": make_msgid(domain=message_id_domain()),
    }
    if send_after is not None:
        fields["next_attempt_at"] = send_after
    if dedupe_key is None:
        return OutboxMessage.objects.create(**fields)
    try:
        with transaction.atomic():
            row, _ = OutboxMessage.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
    except IntegrityError:  # a concurrent enqueue with the same key won
        row = OutboxMessage.objects.get(dedupe_key=dedupe_key)
    return row


def enqueue_draft(draft: Draft, to: str | Sequence[str], **kwargs) -> OutboxMessage:
    """:func:`enqueue_mail` for a rendered :class:`followline.compose.Draft`."""
    return enqueue_mail(to, draft.subject, draft.text, draft.html, purpose=draft.kind, **kwargs)
