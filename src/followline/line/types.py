"""Domain objects of the line: what happened, which policy applies, and what the engine says.

Everything here is plain, immutable data. The engine's outputs are named tuples, which
construct several times faster than frozen dataclasses (they are made once per contact on
the hot path, see bench/judge.py). Datetimes are always timezone-aware; the
parsing layer (:mod:`followline.line.timeline_io`) refuses naive ones unless a timezone is
given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple


class Verdict(StrEnum):
    """How a candidate follow-up reads to the employer, in rising order of severity."""

    APPROPRIATE = "appropriate"
    PREMATURE = "premature"
    EXCESSIVE = "excessive"
    HARASSING = "harassing"

    @property
    def rank(self) -> int:
        return VERDICT_RANK[self]

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Verdict):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Verdict):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Verdict):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Verdict):
            return NotImplemented
        return self.rank >= other.rank


# Each verdict's place in the order (also for the engine, which compares many).
VERDICT_RANK = {verdict: rank for rank, verdict in enumerate(Verdict)}


class Party(StrEnum):
    CANDIDATE = "candidate"
    EMPLOYER = "employer"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"
    IN_PERSON = "in_person"
    MESSAGE = "message"


class CandidateKind(StrEnum):
    THANK_YOU = "thank_you"
    STATUS_INQUIRY = "status_inquiry"
    REPLY = "reply"
    OTHER = "other"


class EmployerKind(StrEnum):
    UPDATE = "update"
    REQUEST = "request"
    INVITATION = "invitation"
    OFFER = "offer"
    REJECTION = "rejection"


class MilestoneType(StrEnum):
    APPLIED = "applied"
    INTERVIEW = "interview"


class Action(StrEnum):
    THANK_YOU = "thank_you"
    STATUS_INQUIRY = "status_inquiry"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Milestone:
    """Something that happened in the process: an application sent or an interview held.

    ``decision_within_days`` is what the employer said at that point about its timeline
    ("we decide within 10 days").
    """

    type: MilestoneType
    at: datetime
    decision_within_days: int | None = None
    rounds: int | None = None
    start_date: date | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """One message or call, from the candidate or from the employer.

    ``kind`` is a :class:`CandidateKind` for candidate contacts and an :class:`EmployerKind`
    for employer contacts. ``None`` for a candidate contact means "infer it from ``text``".
    """

    at: datetime
    party: Party
    channel: Channel = Channel.EMAIL
    kind: CandidateKind | EmployerKind | None = None
    text: str | None = None
    voicemail: bool | None = None
    decision_within_days: int | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    """One candidate's process with one employer: milestones and contacts, in any order."""

    milestones: tuple[Milestone, ...] = ()
    contacts: tuple[Contact, ...] = ()
    timezone: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    """A follow-up line an employer keeps (or a candidate assumes).

    Durations are whole days; with ``business_days`` they count working days of the
    calendar given to :func:`followline.line.judge.judge` (weekends and, when
    ``holidays_country`` is set, that country's public holidays).
    """

    name: str
    budget: int = 2
    thank_you_within_days: int = 2
    thank_you_advised_hours: int = 24
    status_wait_days: int = 7
    response_window_days: int = 7
    call_burst_count: int = 3
    call_burst_hours: int = 24
    duplicate_similarity: float = 0.9
    business_days: bool = False
    holidays_country: str | None = None
    holidays_subdivision: str | None = None
    description: str = ""


class Reason(NamedTuple):
    """A rule that decided (part of) a verdict, with the seed's words it rests on.

    ``says`` quotes the source verbatim (the seed's spelling kept); ``source`` names who
    said it; ``detail`` explains how the rule applied to this contact, in plain words.
    """

    rule: str
    says: str
    source: str = ""
    detail: str = ""


class ContactJudgement(NamedTuple):
    index: int  # type: ignore[assignment]  # the field shadows tuple.index (the contract's name)
    party: Party
    kind: CandidateKind | EmployerKind
    kind_inferred: bool
    verdict: Verdict | None
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[Reason, ...] = ()
    counts: bool = False


class NextStep(NamedTuple):
    action: Action
    not_before: datetime | None = None
    channel: Channel | None = None
    reason: Reason | None = None


class EmployerPromise(NamedTuple):
    """When the employer said the candidate would hear back, and whether that has passed."""

    due: datetime | None
    overdue: bool
    closed: bool = False


class Judgement(NamedTuple):
    policy: str
    contacts: tuple[ContactJudgement, ...]
    standing: Verdict
    next: NextStep
    employer: EmployerPromise
    notes: tuple[str, ...] = ()
