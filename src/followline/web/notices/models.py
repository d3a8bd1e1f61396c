"""Notifications in the app: what the background worker and the mail sync did for a person
while they were away (a reminder e-mailed, an employer's reply that moved a plan, an import
finished or failed, a mailbox that needs reconnecting).

One row per notice and person; ``read_at`` is set when they open it or mark it read. A
``key`` makes a notice idempotent (the worker may decide the same thing twice): a second
:func:`followline.web.notices.notify.notify` with the same key for the same person adds
nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    REMINDER = "reminder", "Reminder sent"
    DIGEST = "digest", "Owed an update"
    REPLY = "reply", "Employer's reply"
    IMPORT = "import", "Import"
    MAILBOX = "mailbox", "Mailbox"
    MAIL = "mail", "Mail not sent"


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.CharField(max_length=500)
    # a path inside the site (never another origin): where the notice's "Open" leads
    url = models.CharField(max_length=300, blank=True, default="")
    problem = models.BooleanField(default=False, help_text="something failed and needs a look")
    key = models.CharField(max_length=250, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notice_once"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def unread(self) -> bool:
        return self.read_at is None
