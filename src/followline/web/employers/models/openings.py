"""An opening: its promise to candidates and the follow-up line it keeps."""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse

from followline.line.types import Policy
from followline.web.core import line_adapter
from followline.web.employers.models.teams import Team


def _public_slug() -> str:
    return secrets.token_urlsafe(12)


def _default_policy() -> dict:
    return {"preset": "two-email"}


class Opening(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="openings")
    title = models.CharField(max_length=200)
    location = models.CharField(max_length=200, blank=True)
    promise_days = models.PositiveSmallIntegerField(
        "we reply within (days)",
        default=7,
        help_text="What you tell every candidate: “we call within X days”.",
    )
    # {"preset": "two-email"} or {"preset": ..., "custom": {...}}: see core.line_adapter
    policy = models.JSONField(default=_default_policy)
    timezone = models.CharField(max_length=64, default="UTC")
    public_slug = models.CharField(max_length=32, unique=True, default=_public_slug)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("employers:opening", args=[self.team.slug, self.pk])

    def line_policy(self) -> Policy:
        """The engine's policy: the stored spec, with the opening's promise as the default
        response window (the promise when nobody stated a decision date)."""
        return line_adapter.policy_of(self.policy, response_window_days=self.promise_days)
