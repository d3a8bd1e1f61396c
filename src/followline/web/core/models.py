"""Abstract timeline rows shared by the candidate's applications and the employer's candidates.

Both sides keep the same two things the line judges: milestones (an application sent, an
interview held, with what the employer said about its timeline) and contacts (a letter, a
call, a message, from either party). :mod:`followline.web.core.line_adapter` turns these
rows into :class:`followline.line.types.Timeline` objects.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models

from followline.line import types as line
from followline.line.policy import PRESETS

# The site's words for the engine's values; members and values come from the engine.
LABELS = {
    "applied": "Applied",
    "interview": "Interview",
    "candidate": "Candidate",
    "employer": "Employer",
    "email": "Email",
    "phone": "Phone call",
    "letter": "Letter",
    "in_person": "In person",
    "message": "Message (LinkedIn etc.)",
    "thank_you": "Thank-you",
    "status_inquiry": "Status inquiry",
    "reply": "Reply to a request",
    "other": "Other",
    "update": "Status update",
    "request": "Request",
    "invitation": "Invitation to interview",
    "offer": "Offer",
    "rejection": "Rejection",
}
PRESET_LABELS = {
    "two-email": "Two emails (thank-you, then one status inquiry)",
    "one-and-done": "One and done (a single follow-up)",
}


def choices_of(name: str, *enums: type[StrEnum]) -> type[models.TextChoices]:
    """Django choices with the members and values of the engine's enum(s), the site's labels
    (a value without a label fails here, at start-up)."""
    members = [(m.name, (m.value, LABELS[m.value])) for enum in enums for m in enum]
    return models.TextChoices(name, members)  # type: ignore[return-value]


MilestoneType = choices_of("MilestoneType", line.MilestoneType)
Party = choices_of("Party", line.Party)
Channel = choices_of("Channel", line.Channel)
ContactKind = choices_of("ContactKind", line.CandidateKind, line.EmployerKind)
CANDIDATE_KINDS = tuple(k.value for k in line.CandidateKind)
EMPLOYER_KINDS = tuple(k.value for k in line.EmployerKind)
PRESET_CHOICES = [(name, PRESET_LABELS[name]) for name in PRESETS]


class MilestoneRow(models.Model):
    """An application sent or an interview held."""

    type = models.CharField(max_length=16, choices=MilestoneType.choices)
    at = models.DateTimeField()
    decision_within_days = models.PositiveSmallIntegerField(null=True, blank=True)
    rounds = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ("at", "id")


class ContactRow(models.Model):
    """One letter, call or message. ``kind`` blank means: let the classifier infer it."""

    at = models.DateTimeField()
    party = models.CharField(max_length=16, choices=Party.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(max_length=16, choices=ContactKind.choices, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    voicemail = models.BooleanField(null=True, blank=True)
    decision_within_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # a message read from mail: its Message-ID, else a hash (mail.parse.fingerprint); one
    # row per message and timeline (a unique constraint on each concrete model)
    fingerprint = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        abstract = True
        ordering = ("at", "id")
