"""The judge: walks a timeline in time order and decides every follow-up.

Each contact is judged only by what came before it (milestones and contacts at an earlier or
equal instant, earlier input order breaking ties), so adding a later contact never changes an
earlier verdict. The next step and the employer's promise are read off the state at ``now``:
anything recorded after ``now`` is judged, but has not happened yet for them.

Cycles: every interview starts a new cycle with its own thank-you, status inquiry and
follow-up budget; before the first interview the application is the cycle. Calls bursts and
duplicate letters are looked for across the whole timeline.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from followline.line import rules
from followline.line.calendar import CALENDAR_DAYS, DayCalendar
from followline.line.similarity import TextIndex
from followline.line.types import (
    VERDICT_RANK,
    Action,
    CandidateKind,
    Channel,
    Contact,
    ContactJudgement,
    EmployerKind,
    EmployerPromise,
    Judgement,
    Milestone,
    MilestoneType,
    NextStep,
    Party,
    Policy,
    Reason,
    Timeline,
    Verdict,
)

KindInferrer = Callable[[str | None], CandidateKind]

_ONE_HOUR = timedelta(hours=1)
_APPROPRIATE = Verdict.APPROPRIATE
_PREMATURE = Verdict.PREMATURE
_EXCESSIVE = Verdict.EXCESSIVE
_HARASSING = Verdict.HARASSING


@dataclass(slots=True)
class _Cycle:
    """What one interview (or the application) allows, and what has been used of it."""

    start: Milestone | None
    status_from: datetime | None = None
    status_reason: Reason = rules.STATUS_AFTER_WEEK
    thank_you_until: datetime | None = None
    followups: int = 0
    thank_yous: int = 0
    inquiries: int = 0
    updates: int = 0
    invited: bool = False
    premature: Reason | None = None  # made on first use, for the current status_from
    is_interview: bool = False  # started by an interview (else by the application, or nothing)


@dataclass(slots=True)
class State:
    policy: Policy
    tz: tzinfo
    calendar: DayCalendar
    cycle: _Cycle = field(default_factory=lambda: _Cycle(None))
    ended: bool = False
    employer_has_written: bool = False
    last_employer_at: datetime | None = None
    promise_at: datetime | None = None
    promise_days: int | None = None
    calls: deque[datetime] = field(default_factory=deque)
    texts: TextIndex = field(default_factory=TextIndex)

    def add_days(self, start: datetime, days: int) -> datetime:
        return self.calendar.add_days(start, days, self.tz)


def judge(
    timeline: Timeline,
    policy: Policy,
    now: datetime,
    *,
    calendar: DayCalendar = CALENDAR_DAYS,
    infer_kind: KindInferrer | None = None,
) -> Judgement:
    """Judge every contact of ``timeline`` under ``policy`` as of ``now`` (timezone-aware).

    ``calendar`` counts days (inject a business-day calendar for policies with
    ``business_days``); ``infer_kind`` gives a candidate contact without ``kind`` its kind
    from its text: pass the shared classifier
    (:func:`followline.classify.infer_candidate_kind`; the engine imports nothing outside
    ``followline.line``). Without it such a contact is ``other``.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if infer_kind is None:
        infer_kind = _unlabelled
    state = State(policy, _zone(timeline, now), calendar)
    return walk(state, timeline, now, infer_kind)


def walk(
    state: State,
    timeline: Timeline,
    now: datetime,
    infer_kind: KindInferrer,
    *,
    settled: int = 0,
    offset: int = 0,
    standing: Verdict = _APPROPRIATE,
) -> Judgement:
    """Walk ``timeline``'s events in time order from ``state`` and judge its contacts.

    :func:`judge` walks a whole timeline from a fresh state. Judging only the latest part of
    one (:mod:`followline.line.window`) starts from the state its earlier events left:
    ``offset`` contacts came before ``timeline`` (the indexes of the judgements count them);
    its first ``settled`` contacts were judged before and are only replayed for the state
    they leave (their texts are already in ``state.texts``), and left out of the answer;
    ``standing`` is the worst verdict of every contact not judged here.
    """
    judged: list[ContactJudgement | None] = [None] * len(timeline.contacts)
    at_now: tuple[NextStep, EmployerPromise] | None = None
    for at, _order, item in _events(timeline):
        if at_now is None and at > now:  # what is recorded after `now` has not happened yet
            at_now = (_next_step(state, now), _promise(state, now))
        if isinstance(item, Milestone):
            _on_milestone(state, item)
            continue
        index, contact = item
        if contact.party is Party.EMPLOYER:
            judged[index] = _on_employer(state, offset + index, contact)
        else:
            settles = index < settled
            judged[index] = _on_candidate(state, offset + index, contact, infer_kind, settles)
    if at_now is None:
        at_now = (_next_step(state, now), _promise(state, now))
    if at_now[0].action is not Action.NONE and (upcoming := _next_interview(timeline, now)):
        at_now = (NextStep(Action.NONE, upcoming, reason=rules.INTERVIEW_SCHEDULED), at_now[1])
    contacts: tuple[ContactJudgement, ...] = tuple(judged[settled:])  # type: ignore[arg-type]
    verdicts = [j.verdict for j in contacts if j.verdict is not None]
    verdicts.append(standing)
    return Judgement(
        policy=state.policy.name,
        contacts=contacts,
        standing=max(verdicts, key=VERDICT_RANK.__getitem__),
        next=at_now[0],
        employer=at_now[1],
    )


def _unlabelled(text: str | None) -> CandidateKind:
    """The kind of a contact without one when no classifier was handed in."""
    return CandidateKind.OTHER


def _zone(timeline: Timeline, now: datetime) -> tzinfo:
    if timeline.timezone:
        return ZoneInfo(timeline.timezone)
    items: tuple[Milestone | Contact, ...] = (*timeline.milestones, *timeline.contacts)
    for item in items:
        return item.at.tzinfo  # type: ignore[return-value]
    return now.tzinfo  # type: ignore[return-value]


_Event = tuple[datetime, int, Milestone | tuple[int, Contact]]


def _events(timeline: Timeline) -> list[_Event]:
    """Milestones and contacts in time order; at equal instants milestones come first."""
    events: list[_Event] = [(m.at, i, m) for i, m in enumerate(timeline.milestones)]
    offset = len(timeline.milestones)
    events += [(c.at, offset + i, (i, c)) for i, c in enumerate(timeline.contacts)]
    events.sort()  # (instant, order) is unique, so items themselves are never compared
    return events


def _on_milestone(state: State, milestone: Milestone) -> None:
    policy = state.policy
    if milestone.type is MilestoneType.APPLIED:
        if state.cycle.is_interview:
            return  # an application recorded after an interview changes nothing
        cycle = _Cycle(milestone)
    else:
        cycle = _Cycle(milestone, is_interview=True)
        cycle.thank_you_until = state.add_days(milestone.at, policy.thank_you_within_days)
        state.ended = False
    days = milestone.decision_within_days
    cycle.status_from = state.add_days(
        milestone.at, policy.status_wait_days if days is None else days
    )
    cycle.status_reason = rules.STATUS_AFTER_WEEK if days is None else rules.STATUS_AFTER_STATED
    state.cycle = cycle
    state.promise_at, state.promise_days = milestone.at, days


def _on_employer(state: State, index: int, contact: Contact) -> ContactJudgement:
    kind = contact.kind if isinstance(contact.kind, EmployerKind) else EmployerKind.UPDATE
    state.employer_has_written = True
    state.last_employer_at = contact.at
    cycle = state.cycle
    if kind is EmployerKind.UPDATE:
        days = contact.decision_within_days
        cycle.updates += 1
        cycle.status_from = state.add_days(
            contact.at, state.policy.status_wait_days if days is None else days
        )
        cycle.status_reason = rules.EMPLOYER_UPDATE
        cycle.premature = None
        state.promise_at, state.promise_days = contact.at, days
        reason = rules.EMPLOYER_UPDATE
    elif kind is EmployerKind.REQUEST:
        reason = rules.EMPLOYER_REQUEST
    elif kind is EmployerKind.INVITATION:
        cycle.invited = True
        reason = rules.EMPLOYER_INVITATION
    else:
        state.ended = True
        reason = rules.EMPLOYER_FINAL
    return ContactJudgement(
        index=index,
        party=Party.EMPLOYER,
        kind=kind,
        kind_inferred=contact.kind is None,
        verdict=None,
        reasons=(reason,),
    )


def _on_candidate(
    state: State, index: int, contact: Contact, infer_kind: KindInferrer, settled: bool = False
) -> ContactJudgement:
    kind = contact.kind if isinstance(contact.kind, CandidateKind) else None
    inferred = kind is None
    if kind is None:
        kind = infer_kind(contact.text)
    found: list[tuple[Verdict, Reason]] = []
    warnings: list[Reason] = []
    counts = True
    if kind is CandidateKind.REPLY:
        if state.employer_has_written:
            counts = False
            found.append((_APPROPRIATE, rules.REPLY))
        else:
            found.append((_APPROPRIATE, rules.REPLY_WITHOUT_REQUEST))
    if counts:
        _judge_follow_up(state, contact, kind, found, warnings)
    if contact.channel is Channel.PHONE:
        _judge_call(state, contact.at, found, warnings)
    if contact.text and not settled:  # a settled contact's text is in the index already
        earlier = state.texts.check_and_add(index, contact.text, state.policy.duplicate_similarity)
        if earlier is not None:
            found.append((_EXCESSIVE, _detailed(rules.DUPLICATE, f"repeats contact #{earlier}")))
    if len(found) == 1:  # the common case: one rule decided
        verdict, reason = found[0]
        reasons: tuple[Reason, ...] = (reason,)
    else:  # every candidate contact has at least one reason
        found.sort(key=_severity_first)  # the deciding reason first
        verdict, reasons = found[0][0], tuple([reason for _, reason in found])
    return ContactJudgement(
        index, Party.CANDIDATE, kind, inferred, verdict, reasons, tuple(warnings), counts
    )


def _judge_follow_up(
    state: State,
    contact: Contact,
    kind: CandidateKind,
    found: list[tuple[Verdict, Reason]],
    warnings: list[Reason],
) -> None:
    """Budget, thank-you and status-inquiry rules for a contact that counts."""
    if state.ended:
        found.append((_EXCESSIVE, rules.PROCESS_ENDED))
        return
    policy, cycle = state.policy, state.cycle
    cycle.followups += 1
    over = cycle.followups - (policy.budget + cycle.updates)
    if over > 0:
        reason = _over_budget(policy.budget <= 1, cycle.followups, cycle.is_interview)
        found.append((_EXCESSIVE if over == 1 else _HARASSING, reason))
    if kind is CandidateKind.THANK_YOU and cycle.is_interview:
        cycle.thank_yous += 1
        if cycle.thank_yous > 1:
            found.append((_EXCESSIVE, rules.ONE_THANK_YOU))
        else:
            found.append((_APPROPRIATE, rules.THANK_YOU_FIRST))
            start = cycle.start.at  # type: ignore[union-attr]
            if contact.at - start > _ONE_HOUR * policy.thank_you_advised_hours:
                warnings.append(rules.THANK_YOU_LATE)
    elif kind is CandidateKind.STATUS_INQUIRY:
        cycle.inquiries += 1
        if cycle.inquiries > 1 + cycle.updates:
            found.append((_EXCESSIVE, rules.ONE_STATUS_INQUIRY))
        elif cycle.status_from is not None and contact.at < cycle.status_from:
            found.append((_PREMATURE, _premature(cycle, state.tz)))
        elif cycle.status_from is not None:
            found.append((_APPROPRIATE, cycle.status_reason))
        else:  # no milestone yet: no timing to keep, only the budget
            found.append((_APPROPRIATE, rules.WITHIN_BUDGET))
    elif over <= 0:
        found.append((_APPROPRIATE, rules.WITHIN_BUDGET))


def _judge_call(
    state: State, at: datetime, found: list[tuple[Verdict, Reason]], warnings: list[Reason]
) -> None:
    policy = state.policy
    calls = state.calls
    calls.append(at)
    window = _ONE_HOUR * policy.call_burst_hours
    while calls and at - calls[0] >= window:
        calls.popleft()
    warnings.append(rules.PREFER_EMAIL)
    if len(calls) >= policy.call_burst_count:
        detail = f"{len(calls)} calls within {policy.call_burst_hours} hours"
        found.append((_HARASSING, _detailed(rules.CALL_BURST, detail)))
    else:
        found.append((_APPROPRIATE, rules.CALLS_COUNT))


def _next_interview(timeline: Timeline, now: datetime) -> datetime | None:
    """The earliest interview still to come: until then, there is nothing to follow up."""
    return min(
        (m.at for m in timeline.milestones if m.type is MilestoneType.INTERVIEW and m.at > now),
        default=None,
    )


def _next_step(state: State, now: datetime) -> NextStep:
    cycle, policy = state.cycle, state.policy
    if state.ended:
        return NextStep(Action.NONE, reason=rules.EMPLOYER_FINAL)
    if cycle.start is None:
        return NextStep(Action.NONE, reason=rules.NO_MILESTONE)
    if cycle.invited:
        return NextStep(Action.NONE, reason=rules.EMPLOYER_INVITATION)
    if cycle.followups >= policy.budget + cycle.updates:
        return NextStep(Action.NONE, reason=_budget_reason(policy))
    if (
        cycle.is_interview
        and cycle.thank_yous == 0
        and cycle.thank_you_until is not None
        and now <= cycle.thank_you_until
    ):
        return NextStep(Action.THANK_YOU, cycle.start.at, Channel.EMAIL, rules.THANK_YOU_FIRST)
    if cycle.inquiries < 1 + cycle.updates and cycle.status_from is not None:
        return NextStep(
            Action.STATUS_INQUIRY, cycle.status_from, Channel.EMAIL, cycle.status_reason
        )
    return NextStep(Action.NONE, reason=rules.ONE_STATUS_INQUIRY)


def _promise(state: State, now: datetime) -> EmployerPromise:
    if state.ended:
        return EmployerPromise(due=None, overdue=False, closed=True)
    if state.promise_at is None:
        return EmployerPromise(due=None, overdue=False)
    days = state.policy.response_window_days if state.promise_days is None else state.promise_days
    due = state.add_days(state.promise_at, days)
    answered = state.last_employer_at is not None and state.last_employer_at > state.promise_at
    return EmployerPromise(due=due, overdue=now >= due and not answered)


def _severity_first(pair: tuple[Verdict, Reason]) -> int:
    return -VERDICT_RANK[pair[0]]


def _detailed(reason: Reason, detail: str) -> Reason:
    return Reason(reason.rule, reason.says, reason.source, detail)


def _budget_reason(policy: Policy) -> Reason:
    return rules.BUDGET_ONE if policy.budget <= 1 else rules.BUDGET_TWO


@lru_cache(maxsize=256)
def _over_budget(one: bool, n: int, after_interview: bool) -> Reason:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    since = "the interview" if after_interview else "applying"
    reason = rules.BUDGET_ONE if one else rules.BUDGET_TWO
    return _detailed(reason, f"the {n}{suffix} follow-up since {since}")


def _premature(cycle: _Cycle, tz: tzinfo) -> Reason:
    """The cycle's "sent before <date>" reason, made once per status date."""
    if cycle.premature is None:
        when = cycle.status_from.astimezone(tz)  # type: ignore[union-attr]
        cycle.premature = _detailed(cycle.status_reason, f"sent before {_stamp(when)}")
    return cycle.premature


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _stamp(when: datetime) -> str:
    """``Thu 12 Nov 2026 10:00``: English and locale-free, and cheaper than strftime."""
    return (
        f"{_DAYS[when.weekday()]} {when.day:02d} {_MONTHS[when.month - 1]} {when.year}"
        f" {when.hour:02d}:{when.minute:02d}"
    )
