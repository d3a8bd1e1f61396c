"""Sending status updates: the bulk "send status update" action.

Each update is, in one transaction, a mail in the outbox (dedupe key
``status-update:<id>``, sent by the worker), a
:class:`~followline.web.employers.models.StatusUpdate` row that follows that mail's state,
and an employer ``update`` contact on the candidate's timeline carrying the team's new
promise: the candidate's status page is itself a channel, so it shows the update and the
new date at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from followline.compose import format_address
from followline.web.core.models import Channel, ContactKind, Party
from followline.web.employers.models import Candidate, StatusUpdate
from followline.web.outbox.enqueue import enqueue_mail


def queue_updates(
    candidates: Iterable[Candidate],
    *,
    subject: str,
    body: str,
    decision_within_days: int,
    user,
    now: datetime,
) -> list[StatusUpdate]:
    queued = []
    with transaction.atomic():
        for candidate in candidates:
            update = StatusUpdate.objects.create(
                candidate=candidate, subject=subject, body=body, created_by=user
            )
            try:
                to = format_address(candidate.name, candidate.email)
            except ValueError:
                update.problem = "the candidate has no usable email address"
            else:
                update.outbox_message = enqueue_mail(
                    to,
                    subject,
                    body,
                    dedupe_key=f"status-update:{update.pk}",
                    purpose="status_update",
                    ref=f"candidate:{candidate.pk}",
                )
            update.save(update_fields=["outbox_message", "problem"])
            candidate.log_contact(
                now,
                at=now,
                party=Party.EMPLOYER,
                channel=Channel.EMAIL,
                kind=ContactKind.UPDATE,
                subject=subject,
                text=body,
                decision_within_days=decision_within_days,
            )
            queued.append(update)
    return queued
