"""Filing what candidates send onto an opening's candidates: the one way in.

The import screen (a mailbox file or a call log) and the hiring mailbox (IMAP) both come
here, with a message already read by triage's per-message analysis
(:func:`followline.mail.analyse.analyse`: one parse, from bytes in memory), or a call-log
row. Filing reads a message the way ``followline triage`` does:

* the sender is a candidate key (:func:`followline.mail.addresses.normalise_address`),
  matched on :attr:`Candidate.email_key` in the opening (the import) or anywhere in the
  team (the hiring mailbox, newest candidate first);
* a sender not yet known becomes a candidate of the opening (unless the message is spam),
  with the phone number of their signature;
* the candidate's first ``application`` message is the application itself: it is kept
  (``is_application``) and shown, but it is no follow-up and the line never judges it; its
  date is the ``applied`` milestone (unless the candidate has one), so "we reply within N
  days" runs from there. Later messages, and everything from a sender who never sent an
  application, are contacts of the kind the classifier reads from the text kept, as job
  mail by context (as triage reads it; ``followline classify`` asks the job model first);
  timing rules then run from the interviews the team logs (triage: the interviews CSV);
* a phone number found in a signature is kept when the candidate has none yet, so the
  call log finds them.

Filing is idempotent: every message carries a fingerprint (its ``Message-ID``, else a hash
of its content, :func:`followline.mail.parse.fingerprint`) and a call one of its own
(number and time). A message already filed anywhere in the team is not filed again (the
answer is ``already``): importing a mailbox twice, an import overlapping the mailbox sync,
or a sync resumed after a crash adds nothing. Each filing runs in one transaction that
first locks the team's row (``SELECT ... FOR UPDATE`` on PostgreSQL), so two overlapping
runs wait for each other instead of both creating the same candidate; the unique
constraint ``candidate_message_once`` backs it in the database.

Filing does not re-judge: the caller re-judges the candidates it touched
(:meth:`Candidate.rejudge`), once per message (the mailbox sync) or once at the end (an
import of thousands of messages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db import transaction

from followline.classify import NOT_JOB, MessageKind
from followline.mail.analyse import Analysed
from followline.mail.csvinputs import Call
from followline.web.core.models import (
    Channel,
    MilestoneType,
    Party,
    classification_fields,
    inferred_kind,
)
from followline.web.employers.models import (
    Candidate,
    CandidateContact,
    CandidateMilestone,
    ImportJob,
    Opening,
    Team,
)
from followline.web.employers.models.candidates import phone_key


class Outcome(StrEnum):
    NEW = "new"  # filed now
    ALREADY = "already"  # filed before (same fingerprint): nothing added
    SPAM = "spam"  # spam from nobody we know: not filed
    UNMATCHED = "unmatched"  # nobody we know, and nowhere to put a new candidate
    UNREADABLE = "unreadable"  # no sender, no date, or not readable at all


@dataclass(frozen=True)
class Filed:
    outcome: Outcome
    candidate: Candidate | None = None
    contact: CandidateContact | None = None
    new_candidate: bool = False


def call_fingerprint(call: Call) -> str:
    """A call's key: one number cannot call twice at the same instant."""
    return f"call:{call.number}:{call.at.isoformat()}"


def file_message(
    team: Team,
    message: Analysed,
    *,
    opening: Opening | None,
    team_wide: bool = False,
    received_at: datetime | None = None,
    import_job: ImportJob | None = None,
    duplicate_of_id: int | None = None,
) -> Filed:
    """File one analysed message from a candidate onto a candidate of ``team``.

    ``opening``: where a sender not yet known goes (``None``: such mail stays unmatched);
    without ``team_wide`` only that opening's candidates are matched. ``received_at``: when
    the message arrived, used for a message without a date or dated in the future (the
    mailbox sync); without it such a message is unreadable (the import).
    """
    classification = message.classification
    if message.error is not None or classification is None or not message.candidate:
        return Filed(Outcome.UNREADABLE)
    at = message.date
    if received_at is not None and (at is None or at > received_at):
        at = received_at
    if at is None:
        return Filed(Outcome.UNREADABLE)
    with transaction.atomic():
        _lock(team)
        already = (
            CandidateContact.objects.filter(
                candidate__opening__team=team, fingerprint=message.fingerprint
            )
            .select_related("candidate")
            .first()
        )
        if already is not None:
            return Filed(Outcome.ALREADY, already.candidate, already)
        candidate = _find(team, opening, message.candidate, team_wide)
        new = candidate is None
        if candidate is None:
            if classification.spam or opening is None:
                return Filed(Outcome.SPAM if classification.spam else Outcome.UNMATCHED)
            candidate = _new_candidate(opening, message)
        elif message.phones and not candidate.phone:
            candidate.phone = message.phones[0]
            candidate.save(update_fields=["phone"])
        kind = _kind(message)
        application = (
            kind["kind_label"] == MessageKind.APPLICATION
            and not candidate.contacts.filter(is_application=True).exists()
        )
        if application and not candidate.milestones.filter(type=MilestoneType.APPLIED).exists():
            CandidateMilestone.objects.create(
                candidate=candidate, type=MilestoneType.APPLIED, at=at
            )
        contact = CandidateContact.objects.create(
            candidate=candidate,
            at=at,
            party=Party.CANDIDATE,
            channel=Channel.EMAIL,
            **kind,
            subject=message.subject[:300],
            text=message.body,
            sender=message.candidate,
            spam=classification.spam,
            is_application=application,
            fingerprint=message.fingerprint,
            import_job=import_job,
            duplicate_of_id=duplicate_of_id,
        )
    return Filed(Outcome.NEW, candidate, contact, new_candidate=new)


def _kind(message: Analysed) -> dict[str, Any]:
    """The contact's kind fields: what triage's analysis read, when it read the message as
    job mail. Both callers analyse in context (``job_mail=True``: the import screen, and
    the hiring mailbox's sync), so the kind is read once, from the message's own words
    above any quote, signature included, as ``bench/heldout.py`` scores it. Spam keeps its
    reading (it is never judged). A message read cold, as ``followline classify`` reads a
    mailbox, may come back ``not_job`` (a third of the candidates' own job mail in the
    labelled corpus does: ``bench/README.md``, "Reading real mail"); filed onto a
    candidate it is job mail by context, so its kind is read again from the text the
    contact keeps. The candidates' inboxes read employer mail again too, from the
    employer's side (:mod:`followline.web.applications.inbound`)."""
    classification = message.classification
    assert classification is not None
    if classification.label == NOT_JOB and not classification.spam:
        return inferred_kind(message.body, message.subject, Party.CANDIDATE)
    return classification_fields(classification)


def file_call(opening: Opening, call: Call, *, import_job: ImportJob | None = None) -> Filed:
    """File one call-log row onto the opening's candidate with that number (compared as
    :func:`phone_key`), else onto a new candidate "Caller <number>"."""
    fingerprint = call_fingerprint(call)
    with transaction.atomic():
        _lock(opening.team)
        already = (
            CandidateContact.objects.filter(candidate__opening=opening, fingerprint=fingerprint)
            .select_related("candidate")
            .first()
        )
        if already is not None:
            return Filed(Outcome.ALREADY, already.candidate, already)
        key = phone_key(call.number)
        candidate = opening.candidates.filter(phone_key=key).order_by("-created_at", "-pk").first()
        new = candidate is None
        if candidate is None:
            candidate = Candidate.objects.create(
                opening=opening, name=f"Caller {call.number}", phone=call.number
            )
        contact = CandidateContact.objects.create(
            candidate=candidate,
            at=call.at,
            party=Party.CANDIDATE,
            channel=Channel.PHONE,
            voicemail=call.voicemail,
            sender=call.number,
            fingerprint=fingerprint,
            import_job=import_job,
        )
    return Filed(Outcome.NEW, candidate, contact, new_candidate=new)


def _lock(team: Team) -> None:
    """Serialise filing per team: overlapping runs wait instead of doubling a candidate."""
    list(Team.objects.select_for_update().filter(pk=team.pk).values_list("pk", flat=True))


def _find(team: Team, opening: Opening | None, key: str, team_wide: bool) -> Candidate | None:
    if team_wide:
        rows = Candidate.objects.filter(opening__team=team)
    elif opening is not None:
        rows = Candidate.objects.filter(opening=opening)
    else:
        return None
    return rows.filter(email_key=key).order_by("-created_at", "-pk").first()


def _new_candidate(opening: Opening, message: Analysed) -> Candidate:
    return Candidate.objects.create(
        opening=opening,
        name=(message.from_name or message.from_display or message.candidate)[:200],
        email=message.candidate,
        phone=message.phones[0] if message.phones else "",
    )
