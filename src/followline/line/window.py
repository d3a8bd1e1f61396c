"""Judging only what a write added: the current cycle, and a summary of what came before it.

:func:`~followline.line.engine.judge` walks every event of a timeline. A site that stores
the plan after each change need not: a contact added after every other one changes no
earlier verdict (each contact is judged only by what came before it), so the new contact's
verdict, the next step and the employer's promise are all that is new. What those read of
the events before the current cycle is small, and :class:`Before` holds it:

* the cycle: an interview starts a new one (its own thank-you, status inquiry and budget),
  and so does an application before any interview. The *window* starts at the milestone
  that starts the cycle current at the new contact (or at ``now``, if earlier; see
  :func:`window_start`) and holds every event from it on;
* whether the employer has written at all (a candidate's ``reply`` counts only before), and
  whether an offer or rejection ended the process before a window started by an application
  (an interview starts the process again);
* the candidate's calls in the ``call_burst_hours`` before the window (a burst may straddle
  the cycle's start);
* earlier candidate texts: a letter that repeats any earlier one, in any cycle, is a
  duplicate. Only texts of a comparable length can be found similar
  (:func:`~followline.line.similarity.comparable_counts`), so a caller holding many may hand
  in those alone;
* how many contacts came before the window (judgements carry their index in the whole
  timeline) and the worst verdict among the contacts not judged again.

The window's contacts judged before are *settled*: they are replayed for the counts they
leave (follow-ups, thank-yous, inquiries, updates, calls) but their texts are not compared
again, which is where judging a long timeline spends its time.
:func:`judge_latest` then gives, for the contacts after the settled ones, exactly what
:func:`~followline.line.engine.judge` gives for them on the whole timeline, and the same
next step, promise and standing (``tests/line/test_window.py`` checks this on random
timelines). :func:`split` is the reference: it cuts a whole timeline the way the site's
queries do (``followline.web.core.rejudge``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from followline.line.calendar import CALENDAR_DAYS, DayCalendar
from followline.line.engine import KindInferrer, State, _unlabelled, _zone, walk
from followline.line.similarity import TextIndex
from followline.line.types import (
    Channel,
    EmployerKind,
    Judgement,
    Milestone,
    MilestoneType,
    Party,
    Policy,
    Timeline,
    Verdict,
)

FINAL = frozenset({EmployerKind.OFFER, EmployerKind.REJECTION})


@dataclass(frozen=True, slots=True)
class Before:
    """What the events before a window leave for judging it (see the module docstring).

    ``texts`` are earlier candidate texts with their contact's index in the whole timeline,
    in time order: those before the window and those of the window's settled contacts (at
    least every one of a comparable length to a text judged here).
    """

    contacts: int = 0
    employer_has_written: bool = False
    ended: bool = False
    calls: tuple[datetime, ...] = ()
    texts: tuple[tuple[int, str], ...] = ()
    standing: Verdict = Verdict.APPROPRIATE


def window_start(milestones: Sequence[Milestone], until: datetime) -> int | None:
    """The index in ``milestones`` (in time order) of the one that starts the cycle current
    at ``until``: the latest interview at or before it, else the latest application; None
    when no milestone is that early (the window is then the whole timeline)."""
    latest: dict[MilestoneType, int] = {}
    for i, milestone in enumerate(milestones):
        if milestone.at <= until:
            latest[milestone.type] = i
    found = latest.get(MilestoneType.INTERVIEW)
    return found if found is not None else latest.get(MilestoneType.APPLIED)


def burst_start(start: datetime, policy: Policy) -> datetime:
    """The earliest call before a window starting at ``start`` that can still count in a
    burst within it."""
    return start - timedelta(hours=policy.call_burst_hours)


def judge_latest(
    window: Timeline,
    policy: Policy,
    now: datetime,
    before: Before,
    *,
    settled: int,
    calendar: DayCalendar = CALENDAR_DAYS,
    infer_kind: KindInferrer | None = None,
) -> Judgement:
    """Judge the contacts of ``window`` after its first ``settled`` ones, as of ``now``.

    ``window``: in time order, the milestone :func:`window_start` gives (for the first
    contact judged here, or ``now`` if earlier) and every milestone and contact from it on,
    with the timeline's ``timezone``; or the whole timeline when there is no such milestone
    (``before`` then empty). The contacts judged here must come after every settled one.
    The answer's ``contacts`` are those judged here, each with its index in the whole
    timeline; ``standing``, ``next`` and ``employer`` are the whole timeline's.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    state = State(policy, _zone(window, now), calendar)
    state.employer_has_written = before.employer_has_written
    state.ended = before.ended
    state.calls = deque(before.calls)
    texts = TextIndex()
    for index, text in before.texts:
        texts.remember(index, text)
    state.texts = texts
    return walk(
        state,
        window,
        now,
        infer_kind or _unlabelled,
        settled=settled,
        offset=before.contacts,
        standing=before.standing,
    )


def split(
    timeline: Timeline,
    policy: Policy,
    now: datetime,
    *,
    new: int,
    standing: Verdict = Verdict.APPROPRIATE,
) -> tuple[Timeline, Before, int]:
    """Cut ``timeline`` (milestones and contacts each in time order) for judging its last
    ``new`` contacts with :func:`judge_latest`: the window, what came before it, and how
    many of the window's contacts are settled. ``standing``: the worst verdict of the
    contacts not judged again (the caller stored it when it judged them)."""
    contacts = timeline.contacts
    first_new = len(contacts) - new
    until = now if new == 0 else min(now, contacts[first_new].at)
    start = window_start(timeline.milestones, until)
    if start is None:
        window, earlier = timeline, 0
    else:
        at = timeline.milestones[start].at
        earlier = sum(1 for c in contacts if c.at < at)
        window = Timeline(timeline.milestones[start:], contacts[earlier:], timeline.timezone)
    prior = contacts[:earlier]
    from_calls = burst_start(window.milestones[0].at, policy) if start is not None else None
    employer = [c for c in prior if c.party is Party.EMPLOYER]
    before = Before(
        contacts=earlier,
        employer_has_written=bool(employer),
        ended=any(c.kind in FINAL for c in employer),
        calls=tuple(
            c.at
            for c in prior
            if c.party is Party.CANDIDATE
            and c.channel is Channel.PHONE
            and from_calls is not None
            and c.at >= from_calls
        ),
        texts=tuple(
            (i, c.text)
            for i, c in enumerate(contacts[:first_new])
            if c.party is Party.CANDIDATE and c.text
        ),
        standing=standing,
    )
    return window, before, first_new - earlier
