"""Claim, send, mark: how the worker moves one outbox row to ``sent`` exactly once.

1. **Claim** (one short transaction): pick the oldest due row — ``queued`` and due, or
   ``sending`` whose lease has run out — with ``SELECT … FOR UPDATE SKIP LOCKED`` where the
   database has it (PostgreSQL), then a compare-and-swap ``UPDATE … WHERE state = <seen>``
   that sets ``sending``, ``claimed_by``, ``claimed_at``, ``attempts + 1`` and the lease
   deadline in ``next_attempt_at``. Two workers never hold the same row.
2. **Send** over SMTP through Django's mail backend (outside any transaction), with the
   Message-ID fixed at enqueue time.
3. **Mark** ``sent`` (or back to ``queued`` with a backoff, or ``failed``), again only
   ``WHERE claimed_by = me AND state = 'sending'``.

A worker killed between 2 and 3 leaves one row ``sending``: after the lease another (or
the restarted) worker sends it again. That one message may arrive twice, recognisably the
same Message-ID; every other message is sent exactly once.

SQLite has no row locks: its transactions here are ``IMMEDIATE`` (the settings), so claims
are serialised and the CAS still holds, but a single worker is the supported setup there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from followline.web.core.netguard import check_host
from followline.web.notices.models import Kind
from followline.web.notices.notify import notify
from followline.web.outbox.failures import backoff, classify
from followline.web.outbox.models import OutboxMessage, OutboxState

log = logging.getLogger("followline.outbox")


@dataclass(frozen=True, slots=True)
class SenderConfig:
    worker: str
    lease: timedelta = timedelta(minutes=5)
    max_attempts: int = 8
    backoff_base: int = 30
    backoff_cap: int = 3600
    smtp_timeout: float = 30.0

    @classmethod
    def from_settings(cls, worker: str, **overrides) -> SenderConfig:
        values: dict[str, Any] = {
            "lease": timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
            "max_attempts": settings.OUTBOX_MAX_ATTEMPTS,
            "backoff_base": settings.OUTBOX_BACKOFF_SECONDS,
            "backoff_cap": settings.OUTBOX_BACKOFF_CAP_SECONDS,
            "smtp_timeout": settings.EMAIL_TIMEOUT or 30.0,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(worker=worker, **values)


def claim_next(cfg: SenderConfig, now: datetime) -> OutboxMessage | None:
    """Claim the oldest due row for ``cfg.worker`` or return None when nothing is due."""
    due = Q(state__in=[OutboxState.QUEUED, OutboxState.SENDING], next_attempt_at__lte=now)
    for _ in range(5):  # only lose a CAS race without row locks (SQLite); then look again
        with transaction.atomic():
            qs = OutboxMessage.objects.filter(due).order_by("next_attempt_at", "id")
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            seen = qs.values("pk", "state", "attempts").first()
            if seen is None:
                return None
            won = OutboxMessage.objects.filter(
                pk=seen["pk"], state=seen["state"], attempts=seen["attempts"]
            ).update(
                state=OutboxState.SENDING,
                claimed_by=cfg.worker,
                claimed_at=now,
                attempts=F("attempts") + 1,
                next_attempt_at=now + cfg.lease,
            )
        if won:
            return OutboxMessage.objects.select_related("smtp_account").get(pk=seen["pk"])
    return None


def build_email(row: OutboxMessage, conn) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text,
        from_email=row.from_email,
        to=row.to,
        reply_to=row.reply_to or None,
        headers={"Message-ID": row.message_id, **row.headers},
        connection=conn,
    )
    if row.html:
        mail.attach_alternative(row.html, "text/html")
    return mail


def _mine(row: OutboxMessage, cfg: SenderConfig):
    return OutboxMessage.objects.filter(
        pk=row.pk, state=OutboxState.SENDING, claimed_by=cfg.worker, attempts=row.attempts
    )


def mark_sent(row: OutboxMessage, cfg: SenderConfig, now: datetime) -> None:
    if not _mine(row, cfg).update(state=OutboxState.SENT, sent_at=now, last_error=""):
        log.warning("outbox %s: sent, but the claim was lost (lease too short?)", row.pk)


def mark_failed_attempt(
    row: OutboxMessage, cfg: SenderConfig, exc: BaseException, now: datetime
) -> OutboxState:
    failure = classify(exc)
    if failure.permanent or row.attempts >= cfg.max_attempts:
        state, next_at = OutboxState.FAILED, now
    else:
        state = OutboxState.QUEUED
        next_at = now + timedelta(
            seconds=backoff(row.attempts, base=cfg.backoff_base, cap=cfg.backoff_cap)
        )
    marked = _mine(row, cfg).update(
        state=state, next_attempt_at=next_at, last_error=failure.error[:2000]
    )
    log.info("outbox %s attempt %s: %s -> %s", row.pk, row.attempts, failure.error, state)
    if marked and state == OutboxState.FAILED and row.smtp_account_id is not None:
        _tell_sender(row, failure.error)
    return OutboxState(state)


def _tell_sender(row: OutboxMessage, error: str) -> None:
    """A person's own mail (a draft sent through their server) that will not leave: a
    notice, linking the application it was about."""
    kind, _, pk = row.ref.partition(":")
    url = reverse("candidates:detail", args=[pk]) if kind == "application" and pk.isdigit() else ""
    notify(
        row.smtp_account.owner_id,
        Kind.MAIL,
        f"Your mail “{row.subject}” to {', '.join(row.to)} could not be sent: {error}",
        url=url or reverse("mailsync:personal"),
        key=f"mail-failed:{row.pk}",
        problem=True,
    )


def send_due(cfg: SenderConfig, *, limit: int = 100, stop=lambda: False) -> dict[str, int]:
    """Send up to ``limit`` due messages, reusing one SMTP connection per server; returns
    counts per outcome. Rows with a ``smtp_account`` go through that user's own server."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    conn, conn_for = None, None
    try:
        for _ in range(limit):
            if stop():
                break
            row = claim_next(cfg, timezone.now())
            if row is None:
                break
            try:
                if conn is None or conn_for != row.smtp_account_id:
                    if conn is not None:
                        _close(conn)
                    conn, conn_for = None, row.smtp_account_id
                    conn = _connection(row, cfg)
                    conn.open()
                build_email(row, conn).send(fail_silently=False)
            except Exception as exc:  # every failure is recorded on the row
                outcome = mark_failed_attempt(row, cfg, exc, timezone.now())
                counts["failed" if outcome == OutboxState.FAILED else "retry"] += 1
                if conn is not None and not isinstance(exc, ValueError):
                    _close(conn)
                    conn = None
                continue
            mark_sent(row, cfg, timezone.now())
            counts["sent"] += 1
    finally:
        if conn is not None:
            _close(conn)
    return counts


def _connection(row: OutboxMessage, cfg: SenderConfig):
    if row.smtp_account_id is not None:  # a user's own server: a public one only
        check_host(row.smtp_account.host, row.smtp_account.port)
        return row.smtp_account.connection(cfg.smtp_timeout)
    return get_connection(fail_silently=False, timeout=cfg.smtp_timeout)


def _close(conn) -> None:
    try:
        conn.close()
    except Exception:  # closing a broken connection may fail too; nothing left to do
        log.debug("closing SMTP connection failed", exc_info=True)
