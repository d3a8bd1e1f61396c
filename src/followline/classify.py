"""The one message classifier, shared by ``judge`` (contacts without a ``kind``) and triage.

Pure Python, standard library only, no I/O: a phrase-based classifier whose every decision
names the phrases that made it (``evidence``). The triage pipeline feeds it text that has
already been stripped of quoted replies and signatures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from followline.line.types import CandidateKind


class MessageKind(StrEnum):
    THANK_YOU = "thank_you"
    STATUS_INQUIRY = "status_inquiry"
    SCHEDULING = "scheduling"
    APPLICATION = "application"
    WITHDRAWAL = "withdrawal"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Classification:
    kind: MessageKind
    spam: bool
    evidence: tuple[str, ...]

    @property
    def candidate_kind(self) -> CandidateKind:
        """The kind the line judges this message as, when a candidate sent it."""
        return CANDIDATE_KIND[self.kind]


# What the line makes of each message kind: scheduling answers the employer's request.
CANDIDATE_KIND: dict[MessageKind, CandidateKind] = {
    MessageKind.THANK_YOU: CandidateKind.THANK_YOU,
    MessageKind.STATUS_INQUIRY: CandidateKind.STATUS_INQUIRY,
    MessageKind.SCHEDULING: CandidateKind.REPLY,
    MessageKind.APPLICATION: CandidateKind.OTHER,
    MessageKind.WITHDRAWAL: CandidateKind.OTHER,
    MessageKind.OTHER: CandidateKind.OTHER,
}

_PHRASES: dict[MessageKind, tuple[str, ...]] = {
    MessageKind.WITHDRAWAL: (
        r"withdraw(?:ing)? (?:my|from)",
        r"no longer (?:interested|available)",
        r"accepted (?:another|a different) (?:offer|position)",
    ),
    MessageKind.THANK_YOU: (
        r"thank(?:s| you) (?:so much |again )?for (?:your|the)"
        r" (?:time|interview|opportunity|meeting)",
        r"enjoyed (?:speaking|talking|meeting)",
        r"grateful for the opportunity",
    ),
    MessageKind.STATUS_INQUIRY: (
        r"status of my application",
        r"any (?:update|news)",
        r"follow(?:ing)?[- ]up on",
        r"checking in",
        r"where (?:things|i) stand",
        r"heard back",
        r"decision (?:has been|yet)",
    ),
    MessageKind.SCHEDULING: (
        r"(?:available|availability) (?:on|for|at)",
        r"reschedul",
        r"confirm(?:ing)? (?:the|my) (?:interview|time|appointment)",
        r"works for me",
        r"calendar invit",
    ),
    MessageKind.APPLICATION: (
        r"(?:attached|enclosed) (?:is |please find )?my (?:resume|cv|résumé)",
        r"(?:apply|applying) for the",
        r"cover letter",
    ),
}
_COMPILED = {k: [re.compile(p, re.IGNORECASE) for p in ps] for k, ps in _PHRASES.items()}


def classify(text: str, subject: str = "") -> Classification:
    """Classify a message by the phrases it contains; first matching kind in priority order."""
    body = f"{subject}\n{text}"
    for kind, patterns in _COMPILED.items():
        hits = [m.group(0) for p in patterns if (m := p.search(body))]
        if hits:
            return Classification(kind, False, tuple(f'"{h}"' for h in hits))
    return Classification(MessageKind.OTHER, False, ())


def infer_candidate_kind(text: str | None) -> CandidateKind:
    """The candidate ``kind`` of a contact that has none: from its text, else ``other``."""
    if not text:
        return CandidateKind.OTHER
    return classify(text).candidate_kind
