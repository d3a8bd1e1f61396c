"""The labels the learned models answer with, per side, and what the line makes of them.

A message is read from the side of whoever wrote it: a candidate's message is one of
:data:`CANDIDATE_LABELS`, an employer's one of :data:`EMPLOYER_LABELS`; either may be
``not_job`` (mail that is no part of a job search: business, newsletters, internal mail
about a candidate). Definitions and borderline cases: ``bench/data/LABEL-GUIDE.md``.
"""

from __future__ import annotations

from enum import StrEnum

from followline.line.types import CandidateKind, EmployerKind


class Side(StrEnum):
    CANDIDATE = "candidate"
    EMPLOYER = "employer"


NOT_JOB = "not_job"
UNSURE = "unsure"
CANDIDATE_LABELS = (
    "thank_you",
    "status_inquiry",
    "scheduling",
    "application",
    "withdrawal",
    "other",
    NOT_JOB,
)
EMPLOYER_LABELS = ("rejection", "offer", "invitation", "request", "update", NOT_JOB)
LABELS = {Side.CANDIDATE: CANDIDATE_LABELS, Side.EMPLOYER: EMPLOYER_LABELS}
# What each side's kind model chooses among: the job labels (whether a message is job mail
# at all is the job model's question).
JOB_LABELS = {
    side: tuple(label for label in labels if label != NOT_JOB) for side, labels in LABELS.items()
}

# What the line judges a candidate's message as: scheduling answers the employer's request
# (a reply); an application, a withdrawal, other job mail and mail that is not about the
# job count as "other" contact.
CANDIDATE_KIND = {
    "thank_you": CandidateKind.THANK_YOU,
    "status_inquiry": CandidateKind.STATUS_INQUIRY,
    "scheduling": CandidateKind.REPLY,
    "application": CandidateKind.OTHER,
    "withdrawal": CandidateKind.OTHER,
    "other": CandidateKind.OTHER,
    NOT_JOB: CandidateKind.OTHER,
}
# An employer's message that is no part of the process (a newsletter from the company)
# still shows the employer answered: an update, as before the model.
EMPLOYER_KIND = {
    "rejection": EmployerKind.REJECTION,
    "offer": EmployerKind.OFFER,
    "invitation": EmployerKind.INVITATION,
    "request": EmployerKind.REQUEST,
    "update": EmployerKind.UPDATE,
    NOT_JOB: EmployerKind.UPDATE,
}
