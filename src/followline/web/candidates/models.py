"""A candidate's own applications, their milestones and their contact log.

The plan columns (``standing``, ``next_action``, ``next_at``) are the engine's last answer,
stored by :func:`followline.web.candidates.plans.refresh` after every change so the
overview can sort thousands of applications by "what needs doing first" with one indexed
query; pages still re-judge the rows they show with the current time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from followline.web.core.models import ContactRow, MilestoneRow

PRESET_CHOICES = [
    ("two-email", "Two emails (thank-you, then one status inquiry)"),
    ("one-and-done", "One and done (a single follow-up)"),
]


class Application(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    contact_name = models.CharField("contact person", max_length=200, blank=True)
    contact_email = models.EmailField("contact email", blank=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    policy = models.CharField(
        "follow-up line", max_length=32, choices=PRESET_CHOICES, default="two-email"
    )
    timezone = models.CharField(max_length=64, default="UTC")
    created_at = models.DateTimeField(auto_now_add=True)
    # the engine's last answer (see module docstring)
    standing = models.CharField(max_length=16, default="appropriate")
    next_action = models.CharField(max_length=16, default="none")
    next_at = models.DateTimeField(null=True, blank=True)
    closed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["owner", "closed", "next_at"], name="app_overview_idx")]

    def __str__(self) -> str:
        return f"{self.role} at {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("candidates:detail", args=[self.pk])


class Milestone(MilestoneRow):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="milestones"
    )

    class Meta(MilestoneRow.Meta):
        pass


class Contact(ContactRow):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")

    class Meta(ContactRow.Meta):
        pass
