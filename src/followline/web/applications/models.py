"""A candidate's own applications, their milestones and their contact log.

The plan columns (``standing``, ``next_action``, ``next_at``) are the engine's last answer,
stored after every change so the overview can sort thousands of applications by "what
needs doing first" with one indexed query; pages still re-judge the rows they show with the
current time. :meth:`Application.log_contact` and :meth:`Application.log_milestone` log and
re-judge in one call, from the current cycle alone when the row is the latest
(:mod:`followline.web.core.rejudge`: a write costs the same for 5 contacts or 1,000);
:meth:`Application.rejudge` re-judges every row after any other change (a deletion, a
correction, an edit).

Where an application stands is its ``stage`` (the columns of the board): applied,
interviewing, offer, closed. Logging moves it forward by itself (an interview or an
invitation: interviewing; the employer's offer: offer; their rejection: closed), never
back; the person moves it either way by hand (:meth:`Application.move_to`). Archiving
(:meth:`Application.archive`) takes it off the lists and the board. In the closed stage
and when archived the plan is stopped: no next step, no reminder, nothing in the calendar
(:attr:`Application.plan_stopped`); moving it out or reopening it starts the plan again.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models, transaction
from django.urls import reverse

from followline.line.types import Action, Judgement, Policy, Timeline
from followline.web.core import line_adapter, rejudge
from followline.web.core.models import (
    PRESET_CHOICES,
    Archivable,
    ContactRow,
    MilestoneRow,
    with_kind,
)


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    CLOSED = "closed", "Closed"


STAGE_ORDER = tuple(Stage.values)
# what a logged event shows about the stage it has reached (see the module docstring)
_MILESTONE_STAGE: dict[str, str] = {"interview": str(Stage.INTERVIEWING)}
_EMPLOYER_STAGE: dict[str, str] = {
    "invitation": str(Stage.INTERVIEWING),
    "offer": str(Stage.OFFER),
    "rejection": str(Stage.CLOSED),
}


def resume_path(app: Application, filename: str) -> str:
    """Where an uploaded résumé is stored: a random name (never the uploader's), its
    checked extension kept. Files are served only through the owner's download view."""
    suffix = PurePath(filename).suffix.lower()
    return f"resumes/{app.owner_id}/{secrets.token_urlsafe(16)}{suffix}"


class ApplicationQuerySet(models.QuerySet):
    def for_judging(self) -> ApplicationQuerySet:
        """With what judging reads: milestones and contacts."""
        return self.prefetch_related("milestones", "contacts")

    def active(self) -> ApplicationQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ApplicationQuerySet:
        return self.filter(archived_at__isnull=False)


class Application(Archivable):
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
    job_url = models.URLField(
        "job ad (link)",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    salary = models.CharField(max_length=100, blank=True)
    resume = models.FileField("résumé", upload_to=resume_path, blank=True, max_length=200)
    resume_name = models.CharField(max_length=200, blank=True, default="")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.APPLIED)
    created_at = models.DateTimeField(auto_now_add=True)
    # the engine's last answer (see module docstring)
    standing = models.CharField(max_length=16, default="appropriate")
    next_action = models.CharField(max_length=16, default="none")
    next_at = models.DateTimeField(null=True, blank=True)
    closed = models.BooleanField(default=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["owner", "closed", "next_at"], name="app_overview_idx"),
            models.Index(fields=["owner", "archived_at", "stage"], name="app_board_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("candidates:detail", args=[self.pk])

    @property
    def plan_stopped(self) -> bool:
        """No next step, no reminder: archived, or in the closed stage."""
        return self.archived or self.stage == Stage.CLOSED

    # --- the engine mapping -------------------------------------------------------------

    def line_policy(self) -> Policy:
        return line_adapter.policy_of(self.policy)

    def to_timeline(self) -> Timeline:
        return line_adapter.timeline_of(self.milestones.all(), self.contacts.all(), self.timezone)

    def judge(self, now: datetime) -> Judgement:
        """The engine's judgement with the rows as fetched (see ``for_judging``)."""
        return line_adapter.judge_timeline(self.to_timeline(), self.line_policy(), now)

    def rejudge(self, now: datetime) -> Judgement:
        """Re-read every row, judge, and store the plan columns the overview sorts by."""
        rejudge.forget_rows(self)
        models.prefetch_related_objects([self], "milestones", "contacts")
        judgement = self.judge(now)
        self._store(judgement, now)
        return judgement

    def _store(self, judgement: Judgement, now: datetime) -> None:
        self.standing = str(judgement.standing)
        self.next_action = str(judgement.next.action)
        # something to do with no start date is due now; nothing to do sorts last (NULL)
        step = judgement.next
        self.next_at = (step.not_before or now) if step.action is not Action.NONE else None
        if self.plan_stopped:
            self.next_action, self.next_at = str(Action.NONE), None
        self.closed = judgement.employer.closed
        self.save(update_fields=["standing", "next_action", "next_at", "closed"])

    def log_contact(self, now: datetime, **fields: Any) -> Contact:
        """Log a contact and re-judge: the one way to add one. Afterwards ``self.judgement``
        holds the plan as of ``now``, ``contact.judgement`` the new contact's verdict, and
        ``self.judged_all`` whether every row was judged again (it was not the latest)."""
        with transaction.atomic():
            standing = self._lock()
            contact = Contact.objects.create(application=self, **with_kind(fields))
            if contact.party == "employer":
                self._advance(_EMPLOYER_STAGE.get(contact.kind))
            self._after_write(now, standing, contact=contact)
        return contact

    def log_milestone(self, now: datetime, **fields: Any) -> Milestone:
        """Log an application or interview and re-judge (``self.judgement`` as above)."""
        with transaction.atomic():
            standing = self._lock()
            milestone = Milestone.objects.create(application=self, **fields)
            self._advance(_MILESTONE_STAGE.get(milestone.type))
            self._after_write(now, standing, milestone=milestone)
        return milestone

    def _lock(self) -> str:
        """Lock the row for the write (PostgreSQL; SQLite writes one at a time) and read the
        standing stored with it, which the write builds on."""
        mine = Application.objects.select_for_update().filter(pk=self.pk)
        return mine.values_list("standing", flat=True).get()

    def _after_write(self, now: datetime, standing: str, **written: Any) -> None:
        """Judge what the write added from the current cycle alone
        (:mod:`followline.web.core.rejudge`), else everything, and store the plan."""
        rows = rejudge.Rows(
            Milestone.objects.filter(application=self),
            Contact.objects.filter(application=self),
            self.line_policy(),
            self.timezone,
            standing,
        )
        judgement = rejudge.judge_write(rows, now, **written)
        everything = judgement is None
        contact = written.get("contact")
        if judgement is None:
            judgement = self.rejudge(now)
            if contact is not None:
                contact.judgement = rejudge.judgement_of(judgement, contact, self.contacts.all())
        else:
            rejudge.forget_rows(self)
            self._store(judgement, now)
            if contact is not None:
                contact.judgement = judgement.contacts[-1]
        self.judgement = judgement
        self.judged_all = everything

    def _advance(self, stage: str | None) -> None:
        """Move forward to ``stage`` when it is later than the current one (never back)."""
        if stage and STAGE_ORDER.index(stage) > STAGE_ORDER.index(self.stage):
            self.stage = stage
            self.save(update_fields=["stage"])

    def move_to(self, stage: str, now: datetime) -> None:
        """Put the application in ``stage`` (by hand: either way) and re-judge."""
        self.stage = Stage(stage)
        self.save(update_fields=["stage"])
        self.rejudge(now)


class Milestone(MilestoneRow):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="milestones"
    )

    class Meta(MilestoneRow.Meta):
        pass


class Contact(ContactRow):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")

    class Meta(ContactRow.Meta):
        indexes = [
            models.Index(fields=["application", "at"], name="contact_app_at_idx"),
            # "already filed?" (applications/inbound.py) looks messages up by fingerprint
            # across a person's applications
            models.Index(fields=["fingerprint"], name="contact_fingerprint_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "fingerprint"],
                condition=~models.Q(fingerprint=""),
                name="application_message_once",
            )
        ]
