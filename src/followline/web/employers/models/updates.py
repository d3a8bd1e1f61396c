"""Status updates a team queued for its candidates.

One row per update to one candidate. The web app creates rows in state ``queued`` (and
records the update on the candidate's timeline at once, so the status page shows it);
the outgoing-mail worker (issue 5, the outbox) is expected to pick up ``queued`` rows,
send them to ``candidate.email`` and move them to ``sent`` or ``failed`` (with ``error``).
Until that worker lands the rows stay ``queued`` and are listed as such on the team's
updates page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from followline.web.employers.models.candidates import Candidate


class UpdateState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class StatusUpdate(models.Model):
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="status_updates"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    state = models.CharField(max_length=16, choices=UpdateState.choices, default=UpdateState.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["state", "created_at"], name="update_queue_idx")]
