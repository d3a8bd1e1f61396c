"""A candidate for an opening, their milestones and every contact with them.

``promise_due_at`` is the engine's employer promise (when the team said the candidate
would hear back), stored with an index like a healthchecks deadline: the overdue list is
``promise_due_at < now and not closed`` (:meth:`CandidateQuerySet.owed_update`), one
indexed query. :meth:`Candidate.log_contact` and :meth:`Candidate.log_milestone` log and
re-judge in one call, from the current cycle alone when the row is the latest
(:mod:`followline.web.core.rejudge`); :meth:`Candidate.rejudge` re-judges every row after
any other change (a deletion, a correction, an import, a policy edited).

A team archives a candidate it no longer follows (they withdrew, or the team closed the
file): off the opening's list (an "Archived" tab keeps them), and ``closed`` is set, so
nobody is told they are owed an update, no digest counts them and no automatic update goes
to them. Their mail is still filed on them. Reopening puts everything back.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse

from followline.line.types import Judgement, Timeline
from followline.mail.addresses import normalise_address, normalise_phone
from followline.web.core import line_adapter, rejudge
from followline.web.core.models import (
    Archivable,
    ContactRow,
    MilestoneRow,
    MilestoneType,
    Party,
    with_kind,
)
from followline.web.employers.models.openings import Opening

PHONE_REGION = "US"  # for numbers written without a country code


def phone_key(number: str) -> str:
    """The key a phone number is matched on: E.164 when it parses, else as written."""
    return (normalise_phone(number, PHONE_REGION) or number.strip()) if number else ""


def status_token() -> str:
    """256 bits from the OS's CSPRNG, URL-safe: the candidate's private status link."""
    return secrets.token_urlsafe(32)


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer made"
    REJECTED = "rejected", "Not selected"


def owed_update_q(now: datetime, prefix: str = "") -> Q:
    """ "The team owes this candidate an update": the promise lapsed and nothing ended it.
    ``prefix`` reaches candidates through a relation (``"candidates__"`` from an opening)."""
    return Q(**{f"{prefix}closed": False, f"{prefix}promise_due_at__lt": now})


class CandidateQuerySet(models.QuerySet):
    def for_judging(self) -> CandidateQuerySet:
        """With what judging reads: the opening and team, milestones, contacts."""
        return self.select_related("opening__team").prefetch_related("milestones", "contacts")

    def active(self) -> CandidateQuerySet:
        return self.filter(archived_at__isnull=True)

    def owed_update(self, now: datetime) -> CandidateQuerySet:
        return self.filter(owed_update_q(now))


class Candidate(Archivable):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    # the address as mail is matched on (lower case, no plus-tag): set on every save
    email_key = models.CharField(max_length=254, blank=True, default="", editable=False)
    phone = models.CharField(max_length=50, blank=True)
    # the number as calls are matched on (E.164 when it parses): set on every save
    phone_key = models.CharField(max_length=50, blank=True, default="", editable=False)
    status_token = models.CharField(max_length=64, unique=True, default=status_token)
    created_at = models.DateTimeField(auto_now_add=True)
    # the engine's last answer (see module docstring)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.APPLIED)
    last_interview_at = models.DateTimeField(null=True, blank=True)
    promise_due_at = models.DateTimeField(null=True, blank=True)
    closed = models.BooleanField(default=False)
    standing = models.CharField(max_length=16, default="appropriate")
    inbound_count = models.PositiveIntegerField(default=0)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        indexes = [
            models.Index(fields=["opening", "closed", "promise_due_at"], name="cand_due_idx"),
            models.Index(fields=["opening", "name"], name="cand_name_idx"),
            models.Index(fields=["opening", "email_key"], name="cand_email_idx"),
            models.Index(fields=["opening", "phone_key"], name="cand_phone_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.email_key = normalise_address(self.email) if self.email else ""
        self.phone_key = phone_key(self.phone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            keys = {"email": "email_key", "phone": "phone_key"}
            kwargs["update_fields"] = {
                *update_fields,
                *(keys[f] for f in keys if f in update_fields),
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("employers:candidate", args=[self.opening.team.slug, self.pk])

    def is_overdue(self, now) -> bool:
        return (not self.closed) and self.promise_due_at is not None and self.promise_due_at < now

    # --- the engine mapping -------------------------------------------------------------

    def judged_contacts(self) -> list[CandidateContact]:
        """The contacts the line judges, in time order (spam and the application set aside)."""
        return [c for c in self.contacts.all() if c.judged]

    def to_timeline(self) -> Timeline:
        return line_adapter.timeline_of(
            self.milestones.all(), self.judged_contacts(), self.opening.timezone
        )

    def judge(self, now: datetime) -> Judgement:
        """The engine's judgement with the rows as fetched (see ``for_judging``)."""
        policy = self.opening.line_policy()
        return line_adapter.judge_timeline(self.to_timeline(), policy, now)

    def stage_now(self) -> str:
        kinds = {c.kind for c in self.contacts.all() if c.party == Party.EMPLOYER}
        if "offer" in kinds:
            return str(Stage.OFFER)
        if "rejection" in kinds:
            return str(Stage.REJECTED)
        if any(m.type == MilestoneType.INTERVIEW for m in self.milestones.all()):
            return str(Stage.INTERVIEWING)
        return str(Stage.APPLIED)

    def rejudge(self, now: datetime) -> Judgement:
        """Re-read every row, judge, and store stage, promise and standing for the lists."""
        rejudge.forget_rows(self)
        models.prefetch_related_objects([self], "milestones", "contacts")
        judgement = self.judge(now)
        interviews = [m.at for m in self.milestones.all() if m.type == MilestoneType.INTERVIEW]
        self.stage = self.stage_now()
        self.last_interview_at = max(interviews, default=None)
        self.inbound_count = sum(1 for c in self.contacts.all() if c.party == Party.CANDIDATE)
        self._store(judgement)
        return judgement

    def _store(self, judgement: Judgement) -> None:
        self.promise_due_at = judgement.employer.due
        self.closed = judgement.employer.closed or self.archived
        self.standing = str(judgement.standing)
        self.save(update_fields=_STORED)

    def log_contact(self, now: datetime, **fields: Any) -> CandidateContact:
        """Log a contact with the candidate and re-judge: the one way to add one by hand.
        Afterwards ``self.judgement`` holds the promise as of ``now``, ``contact.judgement``
        the new contact's verdict, and ``self.judged_all`` whether every row was judged
        again (it was not the latest)."""
        with transaction.atomic():
            stored = self._lock()
            contact = CandidateContact.objects.create(candidate=self, **with_kind(fields))
            self._after_write(now, stored, contact=contact)
        return contact

    def log_milestone(self, now: datetime, **fields: Any) -> CandidateMilestone:
        """Log an application or interview and re-judge (``self.judgement`` as above)."""
        with transaction.atomic():
            stored = self._lock()
            milestone = CandidateMilestone.objects.create(candidate=self, **fields)
            self._after_write(now, stored, milestone=milestone)
        return milestone

    def _lock(self) -> dict[str, Any]:
        """Lock the row for the write (PostgreSQL; SQLite writes one at a time) and read the
        columns stored with it, which the write builds on."""
        mine = Candidate.objects.select_for_update().filter(pk=self.pk)
        return mine.values(*_STORED).get()

    def _after_write(self, now: datetime, stored: dict[str, Any], **written: Any) -> None:
        """Judge what the write added from the current cycle alone
        (:mod:`followline.web.core.rejudge`), else everything, and store the columns."""
        rows = rejudge.Rows(
            CandidateMilestone.objects.filter(candidate=self),
            CandidateContact.objects.filter(candidate=self, spam=False, is_application=False),
            self.opening.line_policy(),
            self.opening.timezone,
            stored["standing"],
        )
        judgement = rejudge.judge_write(rows, now, **written)
        everything = judgement is None
        contact, milestone = written.get("contact"), written.get("milestone")
        if judgement is None:
            judgement = self.rejudge(now)
            if contact is not None:
                contact.judgement = rejudge.judgement_of(judgement, contact, self.judged_contacts())
        else:
            rejudge.forget_rows(self)
            for name, value in stored.items():
                setattr(self, name, value)
            if contact is not None:
                contact.judgement = judgement.contacts[-1]
                self._count_contact(contact)
            if milestone is not None and milestone.type == MilestoneType.INTERVIEW:
                self.last_interview_at = max(
                    at for at in (self.last_interview_at, milestone.at) if at is not None
                )
                if self.stage == Stage.APPLIED:
                    self.stage = str(Stage.INTERVIEWING)
            self._store(judgement)
        self.judgement = judgement
        self.judged_all = everything

    def _count_contact(self, contact: CandidateContact) -> None:
        """What a new contact changes of the stage and count :meth:`rejudge` works out from
        every row: an offer or rejection moves the stage, a candidate's contact counts."""
        if contact.party == Party.CANDIDATE:
            self.inbound_count += 1
        elif contact.kind == "offer":
            self.stage = str(Stage.OFFER)
        elif contact.kind == "rejection" and self.stage != Stage.OFFER:
            self.stage = str(Stage.REJECTED)


_STORED = ["stage", "last_interview_at", "promise_due_at", "closed", "standing", "inbound_count"]


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
    # the candidate's application letter: kept and shown, but no follow-up (its date is the
    # "applied" milestone), as triage reads it
    is_application = models.BooleanField(default=False)

    class Meta(ContactRow.Meta):
        indexes = [
            models.Index(fields=["candidate", "at"], name="cand_contact_at_idx"),
            # "already filed?" (employers/inbound.py) looks a message up by its fingerprint
            # within a team: without this, every contact of the team's candidates is read
            # (a plain index: SQLite cannot tell that "= x" implies a partial index's "<> ''")
            models.Index(fields=["fingerprint"], name="cand_contact_fingerprint_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "fingerprint"],
                condition=~models.Q(fingerprint=""),
                name="candidate_message_once",
            )
        ]

    @property
    def judged(self) -> bool:
        """Whether the line judges it (spam and the application letter are set aside)."""
        return not (self.spam or self.is_application)
