"""Judging an employer's candidate with the engine and storing the promise columns."""

from __future__ import annotations

from datetime import datetime

from followline.line.types import Judgement
from followline.web.core import line_adapter
from followline.web.core.models import MilestoneType
from followline.web.employers.models import Candidate, Stage


def judge_candidate(candidate: Candidate, now: datetime) -> Judgement:
    """Judge with rows already fetched (``prefetch_related('milestones', 'contacts')``)."""
    opening = candidate.opening
    return line_adapter.judge_rows(
        candidate.milestones.all(),
        [c for c in candidate.contacts.all() if not c.spam],
        line_adapter.policy_of(opening.policy, response_window_days=opening.promise_days),
        now,
        opening.timezone,
    )


def stage_of(candidate: Candidate) -> str:
    kinds = {c.kind for c in candidate.contacts.all() if c.party == "employer"}
    if "offer" in kinds:
        return Stage.OFFER
    if "rejection" in kinds:
        return Stage.REJECTED
    if any(m.type == MilestoneType.INTERVIEW for m in candidate.milestones.all()):
        return Stage.INTERVIEWING
    return Stage.APPLIED


def refresh(candidate: Candidate, now: datetime) -> Judgement:
    """Re-judge after a change; store stage, promise and standing for the lists."""
    judgement = judge_candidate(candidate, now)
    interviews = [m.at for m in candidate.milestones.all() if m.type == MilestoneType.INTERVIEW]
    candidate.stage = stage_of(candidate)
    candidate.last_interview_at = max(interviews, default=None)
    candidate.promise_due_at = judgement.employer.due
    candidate.closed = judgement.employer.closed
    candidate.standing = str(judgement.standing)
    candidate.inbound_count = sum(1 for c in candidate.contacts.all() if c.party == "candidate")
    candidate.save(
        update_fields=[
            "stage",
            "last_interview_at",
            "promise_due_at",
            "closed",
            "standing",
            "inbound_count",
        ]
    )
    return judgement


def refetch(candidate_id: int) -> Candidate:
    return (
        Candidate.objects.select_related("opening__team")
        .prefetch_related("milestones", "contacts")
        .get(pk=candidate_id)
    )
