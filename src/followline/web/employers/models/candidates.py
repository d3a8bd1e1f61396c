"""A candidate for an opening, their milestones and every contact with them.

``promise_due_at`` is the engine's employer promise (when the team said the candidate
would hear back), stored with an index like a healthchecks deadline: the overdue list is
``promise_due_at < now and not closed``, one indexed query. It is refreshed by
:func:`followline.web.employers.judging.refresh` after every change to the candidate.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse

from followline.web.core.models import ContactRow, MilestoneRow
from followline.web.employers.models.openings import Opening


def status_token() -> str:
    """256 bits from the OS's CSPRNG, URL-safe: the candidate's private status link."""
    return secrets.token_urlsafe(32)


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer made"
    REJECTED = "rejected", "Not selected"


class Candidate(models.Model):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    status_token = models.CharField(max_length=64, unique=True, default=status_token)
    created_at = models.DateTimeField(auto_now_add=True)
    # the engine's last answer (see module docstring)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.APPLIED)
    last_interview_at = models.DateTimeField(null=True, blank=True)
    promise_due_at = models.DateTimeField(null=True, blank=True)
    closed = models.BooleanField(default=False)
    standing = models.CharField(max_length=16, default="appropriate")
    inbound_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("name", "id")
        indexes = [
            models.Index(fields=["opening", "closed", "promise_due_at"], name="cand_due_idx"),
            models.Index(fields=["opening", "name"], name="cand_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("employers:candidate", args=[self.opening.team.slug, self.pk])

    def is_overdue(self, now) -> bool:
        return (not self.closed) and self.promise_due_at is not None and self.promise_due_at < now


class CandidateMilestone(MilestoneRow):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="milestones")

    class Meta(MilestoneRow.Meta):
        pass


class CandidateContact(ContactRow):
    """A contact with the candidate; inbound ones may come from a mailbox or call-log import.

    The text is what the candidate wrote: always rendered escaped, never as HTML.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="contacts")
    import_job = models.ForeignKey(
        "employers.ImportJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    sender = models.CharField(max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    spam = models.BooleanField(default=False)

    class Meta(ContactRow.Meta):
        pass
