"""Abstract timeline rows shared by the candidate's applications and the employer's candidates.

Both sides keep the same two things the line judges: milestones (an application sent, an
interview held, with what the employer said about its timeline) and contacts (a letter, a
call, a message, from either party). :mod:`followline.web.core.line_adapter` turns these
rows into :class:`followline.line.types.Timeline` objects.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import models

from followline.classify import Classification, Prediction, Side, predict
from followline.classify.labels import CANDIDATE_KIND, EMPLOYER_KIND
from followline.classify.labels import LABELS as SIDE_LABELS
from followline.line import similarity
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


class Archivable(models.Model):
    """A timeline that can be put away (an application, an opening's candidate): off the
    lists, its plan stopped, and back again. What that means for the stored plan is the
    subclass's ``rejudge``, run after each move."""

    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def rejudge(self, now: datetime) -> object:
        raise NotImplementedError

    def archive(self, now: datetime) -> None:
        """Off the lists, the plan stopped; re-judged."""
        self._set_archived(now, now)

    def reopen(self, now: datetime) -> None:
        """Back on the lists, the plan worked out again."""
        self._set_archived(None, now)

    def _set_archived(self, at: datetime | None, now: datetime) -> None:
        self.archived_at = at
        self.save(update_fields=["archived_at"])
        self.rejudge(now)


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
    """One letter, call or message. ``kind`` blank means: let the classifier infer it.

    A kind the classifier gave (:func:`inferred_kind`) keeps the classifier's own answer
    beside it: ``kind_label`` (its finer label: a side's kind, ``not_job`` or ``unsure``),
    ``kind_confidence`` and ``kind_evidence``. A person who corrects it
    (:meth:`correct_kind`) sets ``kind_corrected``, and the correction is kept as a
    labelled example for the next training (:class:`KindCorrection`).
    """

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
    kind_label = models.CharField(max_length=16, blank=True, default="")
    kind_confidence = models.FloatField(null=True, blank=True)
    kind_evidence = models.CharField(max_length=300, blank=True, default="")
    kind_corrected = models.BooleanField(default=False)
    # how many words the line's duplicate check counts in the text (set on every save; NULL
    # for rows written without save(), e.g. bulk_create): a write compares a new letter only
    # with earlier ones of a comparable length (followline.web.core.rejudge)
    text_words = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ("at", "id")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text_words = count_words(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_words"}
        super().save(*args, **kwargs)

    @property
    def kind_inferred(self) -> bool:
        """The kind is the classifier's, not a person's."""
        return bool(self.kind_label) and not self.kind_corrected

    @property
    def side(self) -> Side:
        return Side(self.party)

    def correct_kind(self, label: str, by: Any = None) -> KindCorrection:
        """Set the kind a person says the message is (a label of its writer's side) and keep
        the correction as a labelled example. The caller re-judges."""
        if label not in SIDE_LABELS[self.side]:
            raise ValueError(f"{label!r} is not a {self.side} label")
        mapping = CANDIDATE_KIND if self.side is Side.CANDIDATE else EMPLOYER_KIND
        self.kind = str(mapping[label])
        self.kind_corrected = True
        self.save(update_fields=["kind", "kind_corrected"])
        return KindCorrection.objects.create(
            side=str(self.side),
            label=label,
            was=self.kind_label,
            subject=self.subject,
            text=self.text,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )


def count_words(text: str) -> int:
    """The words of ``text`` as the line's duplicate check counts them."""
    return len(similarity.words(text)) if text else 0


def inferred_kind(text: str, subject: str, party: str) -> dict[str, Any]:
    """The fields of a contact whose kind the classifier reads from its text (job mail by
    context: it belongs to an application or a candidate)."""
    return prediction_fields(predict(text, subject, side=Side(party), job_mail=True))


KIND_FIELDS = ("kind", "kind_label", "kind_confidence", "kind_evidence")


def kind_fields(kind: str, label: str, confidence: float, evidence: str) -> dict[str, Any]:
    """A contact's reading of its kind: what the line judges, the classifier's label, its
    confidence and the evidence (one line, cut to the column's length)."""
    return dict(zip(KIND_FIELDS, (kind, label, confidence, evidence[:300]), strict=True))


def prediction_fields(prediction: Prediction) -> dict[str, Any]:
    side_kind = (
        prediction.candidate_kind if prediction.side is Side.CANDIDATE else prediction.employer_kind
    )
    return kind_fields(
        str(side_kind), prediction.label, prediction.confidence, prediction.explain()
    )


def classification_fields(classification: Classification) -> dict[str, Any]:
    """Triage's reading of a candidate's message (its first evidence line is the model's)."""
    evidence = classification.evidence[0] if classification.evidence else ""
    return kind_fields(
        str(classification.candidate_kind),
        classification.label,
        classification.confidence,
        evidence,
    )


def with_kind(fields: dict[str, Any]) -> dict[str, Any]:
    """A contact's fields, its kind read from its text when none was given."""
    if fields.get("kind") or not fields.get("text"):
        return fields
    party = str(fields.get("party") or line.Party.CANDIDATE)
    return {**fields, **inferred_kind(fields["text"], fields.get("subject", ""), party)}


class KindCorrection(models.Model):
    """A kind a person corrected: a labelled example for ``followline kinds train``
    (exported by ``followline kinds export-corrections``)."""

    side = models.CharField(max_length=16)
    label = models.CharField(max_length=16)
    was = models.CharField(max_length=16, blank=True)  # the classifier's label
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ("id",)


class Profile(models.Model):
    """A person's own settings. ``timezone``: where they are (an IANA name; empty until
    known). The browser's zone is taken on sign-up or, for older accounts, on the first
    visit (:class:`followline.web.core.middleware.ViewerZoneMiddleware`); the account page
    changes it. Times with no zone of their own (mail, notices, imports) are shown in it,
    new applications and openings start in it, and e-mails to the person say a time's
    zone only when it is not theirs (:mod:`followline.web.core.zones`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    timezone = models.CharField("time zone", max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.user} ({self.timezone or 'zone unknown'})"
