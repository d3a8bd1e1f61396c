"""The per-sender book of triage: what each sender sent and how often they called, and the
candidates among them, judged by the line.

A candidate is a normalised email address (:mod:`followline.mail.addresses`); calls join the
candidate whose phone number they come from (a number from the interviews CSV or from the
signature of one of the candidate's letters), else a candidate of their own, keyed by the
number. In memory each summary keeps only counts; its contacts (one
:class:`~followline.mail.contactstore.Entry` each) and its letters (one text per distinct
letter: a duplicate shares its first copy's text) wait on disk in a
:class:`~followline.mail.contactstore.ContactStore` until the candidate is judged, so
memory does not grow with the mailbox.

How messages become the line's contacts (all judging is :func:`followline.line.judge`):

* spam is counted, never judged; a sender who sent only spam is no candidate;
* the kind is :attr:`Classification.candidate_kind` (scheduling answers the employer, so it
  is a ``reply``; application, withdrawal and other are ``other``), given to the engine
  explicitly;
* a letter that repeats an earlier one of the same candidate (MinHash, see
  :mod:`followline.mail.dedupe`) reaches the engine with its first copy's text, so the
  engine's duplicate rule judges it against that copy; letters in no such pair reach it
  without text (MinHash already found them distinct, and the engine's pairwise check
  would only repeat that work);
* a message without a usable date cannot be placed in time: it is counted (``undated``) and
  not judged;
* a candidate's first ``application`` message is the application itself, not a follow-up:
  it is no contact of the line (the record names it under ``application``); a later one
  is a follow-up like any other;
* timing rules (thank-you window, status inquiry not before the decision date) need an
  interview or application date. They apply only to candidates in the interviews CSV:
  their interviews become milestones, and their application (the CSV's ``applied``, else
  their first ``application`` message) too. Everybody else is judged on the rules that need
  no date: the follow-up budget, duplicates and calls. The summary says which applied.
* every sender is taken for a candidate: triage reads the employer's inbox, where the
  employer's own messages are not expected (an employer who keeps sent mail in the same
  mbox should leave it out).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from followline.classify import MessageKind
from followline.line import (
    CandidateKind,
    Channel,
    Contact,
    Judgement,
    Milestone,
    MilestoneType,
    Party,
    Policy,
    Timeline,
    judge,
    judgement_to_dict,
)
from followline.line.calendar import DayCalendar
from followline.mail.contactstore import ContactStore, Entry
from followline.mail.csvinputs import Call, Interview

TEXT_KEEP = 1000


@dataclass(slots=True)
class Candidate:
    key: str
    name: str = ""
    phones: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    messages: int = 0
    spam: int = 0
    duplicates: int = 0
    undated: int = 0
    calls: int = 0
    voicemails: int = 0
    first_application: datetime | None = None
    application_message: int | None = None
    number: int = 0  # its key in the contact store
    letters: set[int] = field(default_factory=set)  # first copies whose text is stored

    @property
    def is_candidate(self) -> bool:
        """Spam-only senders are not candidates."""
        return self.messages > self.spam or self.calls > 0


class CandidateBook:
    """All candidates seen so far, and the phone numbers that lead to them. Their contacts
    wait in a :class:`~followline.mail.contactstore.ContactStore` on disk until judged;
    close the book (or use it as a context manager) to delete it."""

    def __init__(self, interviews: list[Interview] | None = None) -> None:
        self.timing = interviews is not None
        self._store = ContactStore()
        self._by_key: dict[str, Candidate] = {}
        self._by_phone: dict[str, str] = {}
        self._interviews: dict[str, list[Interview]] = {}
        for interview in interviews or ():
            self._interviews.setdefault(interview.candidate, []).append(interview)
            if interview.phone:
                self._by_phone.setdefault(interview.phone, interview.candidate)

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, key: str, name: str = "") -> Candidate:
        candidate = self._by_key.get(key)
        if candidate is None:
            candidate = self._by_key[key] = Candidate(key, name, number=len(self._by_key))
        elif name and not candidate.name:
            candidate.name = name
        return candidate

    def add_message(
        self,
        key: str,
        name: str,
        *,
        message: int,
        at: datetime | None,
        kind: MessageKind,
        candidate_kind: CandidateKind,
        spam: bool,
        text: str,
        duplicate_of: int | None,
        phones: tuple[str, ...] = (),
    ) -> None:
        candidate = self.get(key, name)
        candidate.messages += 1
        candidate.kinds[kind.value] += 1
        for phone in phones:
            self._by_phone.setdefault(phone, key)
            if phone not in candidate.phones:
                candidate.phones.append(phone)
        if spam:
            candidate.spam += 1
            return
        if at is None:
            candidate.undated += 1
            return
        # Texts are kept once per first copy (a letter that repeats another candidate's is
        # filed under that first copy too, so its own repeats share it).
        first = message if duplicate_of is None else duplicate_of
        if kind is MessageKind.APPLICATION and candidate.first_application is None:
            candidate.first_application = at
            candidate.application_message = message
            self._keep_letter(candidate, first, text)
            return
        if not self._keep_letter(candidate, first, text) and duplicate_of is not None:
            candidate.duplicates += 1
        entry = Entry(at, Channel.EMAIL, candidate_kind, message=message, duplicate_of=duplicate_of)
        self._store.add(candidate.number, entry, text_key=first)

    def _keep_letter(self, candidate: Candidate, first: int, text: str) -> bool:
        """Store a letter's text under its first copy, once; whether it was new."""
        if first in candidate.letters:
            return False
        candidate.letters.add(first)
        self._store.add_text(candidate.number, first, text[:TEXT_KEEP])
        return True

    def add_call(self, call: Call) -> str:
        """File a call under its candidate; returns the candidate key."""
        key = self._by_phone.get(call.number, call.number)
        candidate = self.get(key)
        candidate.calls += 1
        candidate.voicemails += call.voicemail
        entry = Entry(
            call.at, Channel.PHONE, CandidateKind.OTHER, voicemail=call.voicemail, call=call.line
        )
        self._store.add(candidate.number, entry)
        return key

    def candidates(self) -> list[Candidate]:
        """The real candidates (not spam-only senders), in order of first appearance."""
        return [c for c in self._by_key.values() if c.is_candidate]

    def senders(self) -> int:
        return len(self._by_key)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> CandidateBook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def timelines(self) -> Iterator[tuple[Candidate, Timeline, list[Entry], bool]]:
        """Each real candidate (in order of first appearance) with the line's timeline, its
        contacts in time order (what the timeline's contacts are made of), and whether
        timing rules apply to it. Read once, after the last message and call."""
        groups = self._store.grouped()
        group = next(groups, None)
        for candidate in self.candidates():
            while group is not None and group[0] < candidate.number:
                group = next(groups, None)  # a spam-only sender's rows (none are stored)
            entries = group[1] if group is not None and group[0] == candidate.number else []
            timeline, timing = self._timeline(candidate, entries)
            yield candidate, timeline, entries, timing

    def _timeline(self, candidate: Candidate, entries: list[Entry]) -> tuple[Timeline, bool]:
        interviews = self._interviews.get(candidate.key, []) if self.timing else []
        milestones: list[Milestone] = [
            Milestone(MilestoneType.INTERVIEW, i.at, i.decision_within_days) for i in interviews
        ]
        if interviews:
            applied = min((i.applied for i in interviews if i.applied), default=None)
            applied = applied or candidate.first_application
            if applied is not None:
                milestones.append(Milestone(MilestoneType.APPLIED, applied))
        entries.sort(key=lambda e: e.at)
        repeated = {e.duplicate_of for e in entries if e.duplicate_of is not None}
        contacts = tuple(
            Contact(
                e.at,
                Party.CANDIDATE,
                e.channel,
                e.kind,
                e.text if e.duplicate_of is not None or e.message in repeated else None,
                e.voicemail,
            )
            for e in entries
        )
        return Timeline(tuple(milestones), contacts), bool(interviews)


def judge_candidate(
    candidate: Candidate,
    timeline: Timeline,
    entries: list[Entry],
    timing: bool,
    policy: Policy,
    now: datetime,
    calendar: DayCalendar,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """The ``candidate`` record of a candidate (from :meth:`CandidateBook.timelines`):
    counts, and the engine's judgement."""
    result: Judgement = judge(timeline, policy, now, calendar=calendar)
    judged = judgement_to_dict(result, tz)
    contacts = []
    for entry, verdict in zip(entries, judged["contacts"], strict=True):
        at = entry.at.astimezone(tz) if tz else entry.at
        contacts.append(
            {
                "at": at.isoformat(),
                "channel": entry.channel.value,
                "message": entry.message,
                "call": entry.call,
                "voicemail": entry.voicemail,
                "duplicate_of": entry.duplicate_of,
                "kind": verdict["kind"],
                "verdict": verdict["verdict"],
                "counts": verdict["counts"],
                "reasons": verdict["reasons"],
                "warnings": verdict["warnings"],
            }
        )
    deciding = _deciding_reason(contacts, judged["standing"])
    return {
        "type": "candidate",
        "candidate": candidate.key,
        "name": candidate.name,
        "phones": candidate.phones,
        "messages": candidate.messages,
        "kinds": dict(sorted(candidate.kinds.items())),
        "spam": candidate.spam,
        "duplicates": candidate.duplicates,
        "undated": candidate.undated,
        "calls": {"total": candidate.calls, "voicemail": candidate.voicemails},
        "application": candidate.application_message,
        "timing_rules": timing,
        "standing": judged["standing"],
        "deciding_reason": deciding,
        "next": judged["next"],
        "contacts": contacts,
    }


def _deciding_reason(contacts: list[dict[str, Any]], standing: str) -> dict[str, Any] | None:
    """The first reason of the first contact whose verdict is the standing."""
    for contact in contacts:
        if contact["verdict"] == standing and contact["reasons"]:
            reason: dict[str, Any] = contact["reasons"][0]
            return reason
    return None
