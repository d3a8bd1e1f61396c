"""Queueing status updates: the bulk "send status update" action.

Each update becomes a :class:`~followline.web.employers.models.StatusUpdate` row in state
``queued`` (for the outbox worker to send) and, at once, an employer ``update`` contact on
the candidate's timeline carrying the team's new promise: the candidate's status page is
itself a channel, so it shows the update and the new date immediately.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from followline.web.core.models import Channel, ContactKind, Party
from followline.web.employers.models import Candidate, StatusUpdate


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
            queued.append(
                StatusUpdate.objects.create(
                    candidate=candidate, subject=subject, body=body, created_by=user
                )
            )
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
    return queued
