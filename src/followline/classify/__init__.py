"""What a message is, for both sides, with a calibrated confidence and the evidence.

The one classifier of followline: ``judge`` (contacts without a ``kind``), the contact
form, triage, the import screen and both inbox syncs all ask it. Four learned models
(``models/*.json``, trained by ``followline kinds train`` on hand-labelled real job mail,
see ``bench/README.md``) answer three questions:

* is it job mail at all? (``job``; else ``not_job``)
* which kind, from the writer's side? a candidate's ``thank_you``, ``status_inquiry``,
  ``scheduling``, ``application``, ``withdrawal`` or ``other``; an employer's
  ``rejection``, ``offer``, ``invitation``, ``request`` or ``update`` (``candidate`` and
  ``employer``);
* is it spam? (``spam``, precision first).

Each answer carries its probability and the features that weighed most for it (words,
the subject, the hand-written phrase rules of :mod:`followline.classify.phrases`). Below the
model's threshold (:attr:`Prediction.unsure`) the answer is ``unsure``: the product asks or
marks it instead of guessing, and the line reads the message as ``other`` (a candidate's) or
``update`` (an employer's). The models are read on first use (lazily: ``judge`` with every
kind given never loads them).

Example::

    >>> p = predict("I was wondering whether the team has reached a decision yet?")
    >>> p.label, p.unsure
    ('status_inquiry', False)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from followline.classify.decide import decide, not_job, rule_kind
from followline.classify.features import SIGN, kind_feature_set, own_text, spam_feature_set
from followline.classify.labels import (
    CANDIDATE_KIND as LABEL_CANDIDATE_KIND,
)
from followline.classify.labels import (
    EMPLOYER_KIND,
    NOT_JOB,
    UNSURE,
    Side,
)
from followline.classify.model import LinearModel, Scores
from followline.classify.phrases import (
    CANDIDATE_KIND,
    PRIORITY,
    SPAM_THRESHOLD,
    Classification,
    MessageKind,
    opens_with_thanks,
    phrase_hits,
    spam_signs,
    starts_with_thanks,
)
from followline.line.types import CandidateKind, EmployerKind

MODELS = Path(__file__).resolve().parent / "models"

__all__ = [
    "CANDIDATE_KIND",
    "NOT_JOB",
    "PRIORITY",
    "SPAM_THRESHOLD",
    "UNSURE",
    "Classification",
    "MessageKind",
    "Prediction",
    "Side",
    "classify",
    "employer_kind",
    "infer_candidate_kind",
    "model",
    "opens_with_thanks",
    "predict",
    "spam_signs",
    "starts_with_thanks",
]


@cache
def model(name: str) -> LinearModel:
    """A shipped model (``job``, ``candidate``, ``employer``, ``spam``), read once."""
    return LinearModel.load(MODELS / f"{name}.json")


@dataclass(frozen=True, slots=True)
class Prediction:
    """The model's reading of one message from one side."""

    side: Side
    label: str  # a label of the side, ``not_job``, or ``unsure``
    guess: str  # the best label even when unsure
    confidence: float
    evidence: tuple[str, ...]

    @property
    def unsure(self) -> bool:
        return self.label == UNSURE

    @property
    def candidate_kind(self) -> CandidateKind:
        return CandidateKind.OTHER if self.unsure else LABEL_CANDIDATE_KIND[self.label]

    @property
    def employer_kind(self) -> EmployerKind:
        return EmployerKind.UPDATE if self.unsure else EMPLOYER_KIND[self.label]

    def explain(self) -> str:
        """One line: ``status_inquiry (0.91): "decision", "wondering", a question``."""
        head = f"{self.guess} ({self.confidence:.2f})"
        if self.unsure:
            head = f"unsure: perhaps {head}"
        return f"{head}: {', '.join(self.evidence)}" if self.evidence else head


def _says(feature: str, hits: Mapping[MessageKind, list[str]]) -> str:
    """A feature in words, for a person (``hits``: the phrase rules' findings, for the
    phrase a ``#phrase:`` feature stands for)."""
    if feature.startswith(SIGN):
        sign, _, rest = feature[1:].partition(":")
        if sign == "phrase":
            found = hits.get(MessageKind(rest), [])
            return f"phrase {found[0]}" if found else f"{rest} phrase"
        return {
            "re": "a reply (Re:)",
            "fw": "a forward (Fw:)",
            "question": "a question",
            "len": f"a {rest} message",
            "employer": f"{rest} phrase",
            "spam": f"spam sign: {rest}",
        }.get(sign, feature)
    if feature.startswith("s:"):
        return f'"{feature[2:]}" in subject'
    return f'"{feature.replace("_", " ")}"'


def _evidence(scores: Scores, hits: Mapping[MessageKind, list[str]]) -> tuple[str, ...]:
    return tuple(_says(name, hits) for name, _ in scores.evidence)


def predict(
    text: str,
    subject: str = "",
    *,
    side: Side | str = Side.CANDIDATE,
    job_mail: bool = False,
) -> Prediction:
    """What a message is from ``side``'s point of view: its own text is read (quoted and
    forwarded parts cut, :func:`~followline.classify.features.own_text`).

    ``job_mail`` says the context already makes it job mail (a contact logged on an
    application, mail from the employer of one): then the job model is not asked and the
    answer is one of the side's kinds. Otherwise (a mailbox read as it comes) a message the
    job model calls no job mail is ``not_job``. How the answers combine:
    :mod:`followline.classify.decide`.
    """
    side = Side(side)
    own = own_text(text)
    found = phrase_hits(own, subject)
    hits = found.kinds
    features = kind_feature_set(own, subject, hits=hits, employer=found.employer)
    job = None if job_mail else model("job").scores(features)
    rule = rule_kind(side, found.best, found.employer)
    # Mail the job model calls no job mail needs no kind (its evidence is the job model's).
    if (decision := not_job(job, rule)) is not None and job is not None:
        evidence = _evidence(job, hits)
    else:
        kind_model = model(str(side))
        kinds = kind_model.scores(features)
        decision = decide(kinds, job, rule, kind_model.unsure_below)
        evidence = _evidence(job if decision.job_evidence and job else kinds, hits)
    if decision.by_rule:
        evidence = (f"phrase rule: {rule}", *evidence)
    return Prediction(side, decision.label, decision.guess, decision.confidence, evidence)


def spam_score(
    text: str,
    subject: str = "",
    *,
    html_only: bool = False,
    signs: list[tuple[str, float]] | None = None,
) -> tuple[bool, float, tuple[str, ...]]:
    """Whether a message is spam (precision first), its probability and the evidence."""
    spam_model = model("spam")
    if signs is None:
        signs = spam_signs(text, subject, html_only=html_only)
    features = spam_feature_set(text, subject, signs=signs)
    scores = spam_model.scores(features)
    probability = dict(scores.ranked)["spam"]
    threshold = spam_model.threshold if spam_model.threshold is not None else 0.5
    is_spam = probability >= threshold
    words = list(_evidence(scores, {}))  # spam features carry no kind phrase
    verdict = "spam" if is_spam else "not spam"
    line = f"{verdict}: {probability:.2f} (threshold {threshold:g})"
    return is_spam, probability, (f"{line}: {', '.join(words)}" if words else line,)


def classify(
    text: str,
    subject: str = "",
    *,
    side: Side | str = Side.CANDIDATE,
    html_only: bool = False,
    spam_text: str | None = None,
    sender: str = "",
    job_mail: bool = False,
) -> Classification:
    """A message's kind (as triage files it), whether it is spam, and the evidence. Spam
    is read no further (label ``not_job``, only the spam evidence).

    ``spam_text`` (default: ``text``) is what spam is judged on; triage passes the whole
    body there and the body stripped of quotes and signature as ``text``. A ``sender`` that
    is a blog's trackback/pingback robot makes it spam outright (never mail from a person).
    ``job_mail``: mail that is not spam is job mail by context (as :func:`predict` reads it):
    triage, which judges every sender who is not a spammer as a candidate.
    """
    spam_body = text if spam_text is None else spam_text
    signs = spam_signs(spam_body, subject, html_only=html_only, sender=sender)
    score = sum(weight for _, weight in signs)
    spam_evidence: tuple[str, ...]
    if score >= SPAM_THRESHOLD:
        # The phrase rules are sure on their own (a robot sender, link-bait, a pile of
        # marketing phrases): spam, whatever the model says.
        listed = ", ".join(f"{name} +{weight:g}" for name, weight in signs)
        spam, spam_evidence = (
            True,
            (f"spam: score {score:g} (threshold {SPAM_THRESHOLD:g}): {listed}",),
        )
    else:
        spam, _, spam_evidence = spam_score(spam_body, subject, html_only=html_only, signs=signs)
    if spam:  # spam is never judged: its kind is not read
        return Classification(MessageKind.OTHER, True, spam_evidence, NOT_JOB, 1.0, False)
    prediction = predict(text, subject, side=side, job_mail=job_mail)
    kind = (
        MessageKind(prediction.label) if prediction.label in _MESSAGE_KINDS else MessageKind.OTHER
    )
    evidence = (prediction.explain(), *spam_evidence)
    return Classification(
        kind, spam, evidence, prediction.label, prediction.confidence, prediction.unsure
    )


_MESSAGE_KINDS = frozenset(kind.value for kind in MessageKind)


def employer_kind(text: str, subject: str = "") -> tuple[EmployerKind, str]:
    """What an employer's message to a candidate is (job mail by context), and why (unsure
    reads ``update``)."""
    prediction = predict(text, subject, side=Side.EMPLOYER, job_mail=True)
    return prediction.employer_kind, prediction.explain()


def infer_candidate_kind(text: str | None, subject: str = "") -> CandidateKind:
    """The candidate ``kind`` of a contact that has none (job mail by context: a contact of a
    timeline): from its text, else ``other``."""
    if not text:
        return CandidateKind.OTHER
    return predict(text, subject, job_mail=True).candidate_kind
