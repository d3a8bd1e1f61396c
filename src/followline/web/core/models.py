"""Abstract timeline rows shared by the candidate's applications and the employer's candidates.

Both sides keep the same two things the line judges: milestones (an application sent, an
interview held, with what the employer said about its timeline) and contacts (a letter, a
call, a message, from either party). :mod:`followline.web.core.line_adapter` turns these
rows into :class:`followline.line.types.Timeline` objects.
"""

from __future__ import annotations

from django.db import models


class MilestoneType(models.TextChoices):
    APPLIED = "applied", "Applied"
    INTERVIEW = "interview", "Interview"


class Party(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    EMPLOYER = "employer", "Employer"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    MESSAGE = "message", "Message (LinkedIn etc.)"


class ContactKind(models.TextChoices):
    # candidate kinds
    THANK_YOU = "thank_you", "Thank-you"
    STATUS_INQUIRY = "status_inquiry", "Status inquiry"
    REPLY = "reply", "Reply to a request"
    OTHER = "other", "Other"
    # employer kinds
    UPDATE = "update", "Status update"
    REQUEST = "request", "Request"
    INVITATION = "invitation", "Invitation to interview"
    OFFER = "offer", "Offer"
    REJECTION = "rejection", "Rejection"


CANDIDATE_KINDS = ("thank_you", "status_inquiry", "reply", "other")
EMPLOYER_KINDS = ("update", "request", "invitation", "offer", "rejection")


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
