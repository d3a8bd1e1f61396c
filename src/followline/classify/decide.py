"""How the models' scores and the phrase rules make one answer (pure: the product and the
held-out evaluation decide alike).

1. The side's kind model gives the likeliest kind and its probability.
2. Unless the context already makes it job mail, the job model is asked: below 0.5 the
   message is ``not_job`` (unless a phrase rule names a kind: then it is job mail), else
   the kind's confidence is multiplied by the probability that it is job mail.
3. Below the threshold the answer is ``unsure``, except where the hand-written phrase
   rules name a kind in so many words ("thank you for the interview", "regret to inform
   you"): those are precise, and then their kind is the answer ("phrase rule" in the
   evidence), with the model's own probability of it as the confidence.

Step 2's ``not_job`` needs no kind: :func:`not_job` gives it alone, so that the product asks
the kind model only when its answer counts (:func:`decide` answers the same).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from followline.classify import phrases
from followline.classify.labels import NOT_JOB, UNSURE, Side
from followline.classify.model import Scores
from followline.line.types import EmployerKind


@dataclass(frozen=True, slots=True)
class Decision:
    label: str  # a kind of the side, ``not_job`` or ``unsure``
    guess: str  # the best label even when unsure
    confidence: float
    by_rule: bool  # the phrase rules settled it
    job_evidence: bool  # the evidence is the job model's (not_job)


def rule_kind(
    side: Side, best: phrases.MessageKind, employer: Mapping[EmployerKind, str]
) -> str | None:
    """The kind the phrase rules name, if any: for a candidate the best-scoring kind phrase
    (``best``, from :func:`~followline.classify.phrases.kind_hits`); for an employer
    rejection, offer, invitation, request, in that order (``employer``, from
    :func:`~followline.classify.phrases.employer_phrases`)."""
    if side is Side.EMPLOYER:
        for kind in _EMPLOYER_ORDER:
            if kind in employer:
                return str(kind)
        return None
    return None if best is phrases.MessageKind.OTHER else str(best)


_EMPLOYER_ORDER = (
    EmployerKind.REJECTION,
    EmployerKind.OFFER,
    EmployerKind.INVITATION,
    EmployerKind.REQUEST,
)


def rule_kind_of(text: str, subject: str, side: Side) -> str | None:
    """:func:`rule_kind` of a message, its phrases looked for here."""
    best, _ = phrases.kind_hits(text, subject)
    return rule_kind(side, best, phrases.employer_phrases(text, subject))


def not_job(job: Scores | None, rule: str | None) -> Decision | None:
    """The answer when the job model settles it alone (no job mail, and no phrase rule names
    a kind), before the kind model is asked; else ``None``."""
    if job is None or rule is not None:
        return None
    p_job = dict(job.ranked).get("job", 0.0)
    return Decision(NOT_JOB, NOT_JOB, round(1.0 - p_job, 3), False, True) if p_job < 0.5 else None


def decide(kinds: Scores, job: Scores | None, rule: str | None, threshold: float) -> Decision:
    if settled := not_job(job, rule):
        return settled
    probability = dict(kinds.ranked)
    label, confidence = kinds.label, kinds.confidence
    if job is not None:
        p_job = dict(job.ranked).get("job", 0.0)
        confidence *= max(p_job, 0.5) if rule is not None else p_job
    if confidence >= threshold:
        return Decision(label, label, round(confidence, 3), False, False)
    if rule is not None and rule in probability:
        return Decision(rule, rule, round(probability[rule], 3), True, False)
    return Decision(UNSURE, label, round(confidence, 3), False, False)
