"""Bulk status updates queued by the employer workspace, sent through the outbox.

The web app writes :class:`~followline.web.employers.models.StatusUpdate` rows in state
``queued``. This job (run by the worker) turns each into one outbox row (dedupe key
``status-update:<id>``, so never two), and copies the outbox's outcome back: ``sent`` with
its time, or ``failed`` with the SMTP server's words — which the team's updates page shows.
"""

from __future__ import annotations

from django.db import transaction

from followline.compose import format_address
from followline.web.outbox.enqueue import enqueue_mail
from followline.web.outbox.models import OutboxMessage, OutboxState


def _key(update_id: int) -> str:
    return f"status-update:{update_id}"


def forward(limit: int = 500) -> dict[str, int]:
    from followline.web.employers.models import StatusUpdate
    from followline.web.employers.models.updates import UpdateState

    counts = {"queued": 0, "sent": 0, "failed": 0}
    pending = list(
        StatusUpdate.objects.filter(state=UpdateState.QUEUED)
        .select_related("candidate__opening__team")
        .order_by("id")[:limit]
    )
    outbox = {
        m.dedupe_key: m
        for m in OutboxMessage.objects.filter(dedupe_key__in=[_key(u.pk) for u in pending])
    }
    for update in pending:
        message = outbox.get(_key(update.pk))
        if message is None:
            counts["queued"] += _enqueue(update)
        elif message.state == OutboxState.SENT:
            StatusUpdate.objects.filter(pk=update.pk, state=UpdateState.QUEUED).update(
                state=UpdateState.SENT, sent_at=message.sent_at, error=""
            )
            counts["sent"] += 1
        elif message.state == OutboxState.FAILED:
            StatusUpdate.objects.filter(pk=update.pk, state=UpdateState.QUEUED).update(
                state=UpdateState.FAILED, error=message.last_error
            )
            counts["failed"] += 1
    return counts


def _enqueue(update) -> int:
    from followline.web.employers.models import StatusUpdate
    from followline.web.employers.models.updates import UpdateState

    candidate = update.candidate
    try:
        to = format_address(candidate.name, candidate.email)
    except ValueError:
        StatusUpdate.objects.filter(pk=update.pk).update(
            state=UpdateState.FAILED, error="the candidate has no usable email address"
        )
        return 0
    with transaction.atomic():
        enqueue_mail(
            to,
            update.subject,
            update.body,
            dedupe_key=_key(update.pk),
            purpose="status_update",
            ref=f"candidate:{candidate.pk}",
        )
    return 1


def run(worker=None) -> dict[str, int]:
    """The worker's ``updates`` job."""
    return forward()
