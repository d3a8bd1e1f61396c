"""A mailbox or call-log import into an opening, run by the background worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from followline.web.employers.models.openings import Opening


class ImportKind(models.TextChoices):
    MAILBOX = (
        "mailbox",
        "Mailbox (an mbox file, one .eml or Outlook .msg, or a .zip of a folder of them)",
    )
    CALLS = "calls", "Call log (CSV: time, number, duration, voicemail)"


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Reading"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class ImportJob(models.Model):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(max_length=16, choices=ImportKind.choices, default=ImportKind.MAILBOX)
    upload = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=300)
    state = models.CharField(max_length=16, choices=ImportState.choices, default=ImportState.QUEUED)
    # progress in items of work (messages or call-log rows): done out of total
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    messages = models.PositiveIntegerField(default=0)
    contacts_added = models.PositiveIntegerField(default=0)
    already_there = models.PositiveIntegerField(default=0)  # filed before: not added again
    candidates_added = models.PositiveIntegerField(default=0)
    spam = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    unreadable = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # guards (followline.web.employers.import_guard): a cancel asked for, the last sign of
    # life of the worker reading it, and what was not filed or read and why ("where: why")
    cancel_requested = models.BooleanField(default=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    @property
    def percent(self) -> int:
        if self.state == ImportState.DONE:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED, ImportState.CANCELLED)

    @property
    def nothing_read(self) -> bool:
        """Done, but nothing in the file could be read (an image, an empty or damaged file):
        the page says the import failed and why, though the job itself ran to its end."""
        return (
            self.state == ImportState.DONE
            and self.contacts_added == 0
            and self.already_there == 0
            and self.messages == self.unreadable
        )

    @property
    def expected(self) -> str:
        """What the file should have been, for the page of an import that read nothing."""
        if self.kind == ImportKind.CALLS:
            return "a call log: a CSV file with a time and a phone number on each row"
        return (
            "a mailbox: an mbox file (one file holding many messages), an .eml or an .msg,"
            " or a .zip of a folder of them"
        )
