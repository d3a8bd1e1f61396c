"""Status updates a team sent its candidates.

One row per update to one candidate, made with its outbox row in one transaction
(:func:`followline.web.employers.updates.queue_updates`): the outbox is the only queue. The
row's state is its mail's (queued, sent, or failed with the SMTP server's words), read
through ``outbox_message``; ``problem`` says why an update could not be queued at all (no
usable address).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from followline.web.employers.models.candidates import Candidate
from followline.web.outbox.models import OutboxMessage, OutboxState


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    outbox_message = models.OneToOneField(
        OutboxMessage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_update",
    )
    problem = models.TextField(blank=True)  # why it could not be queued

    class Meta:
        ordering = ("-created_at", "-id")

    @property
    def state(self) -> str:
        mail = self.outbox_message
        if mail is None:
            state = UpdateState.FAILED if self.problem else UpdateState.QUEUED
        elif mail.state == OutboxState.SENT:
            state = UpdateState.SENT
        else:
            state = UpdateState.FAILED if mail.state == OutboxState.FAILED else UpdateState.QUEUED
        return str(state)

    def get_state_display(self) -> str:
        return UpdateState(self.state).label

    @property
    def error(self) -> str:
        mail = self.outbox_message
        if self.problem or mail is None:
            return self.problem
        return mail.last_error if mail.state == OutboxState.FAILED else ""

    @property
    def sent_at(self):
        mail = self.outbox_message
        return mail.sent_at if mail is not None else None
