"""The one place where the site meets the line engine.

Rows (milestones and contacts of an application or of an employer's candidate) become
:class:`~followline.line.types.Timeline` objects; a stored policy spec becomes a
:class:`~followline.line.types.Policy`; and :func:`judge_rows` asks the engine. Views never
decide a verdict, a date or a budget themselves: they call these functions.

Policy specs are stored as JSON on an opening (or a preset name on an application)::

    {"preset": "two-email"}                                     # a preset as it is
    {"preset": "two-email", "custom": {"budget": 1, "status_wait_days": 10}}  # edited

``custom`` is handed to :func:`followline.line.load_policy` as ``extends = preset`` plus
the edited fields (the same mapping a policy TOML file holds), so the engine validates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from followline.classify import infer_candidate_kind
from followline.holiday_calendar import calendar_for
from followline.line import get_policy, judge, load_policy
from followline.line.types import (
    CandidateKind,
    Channel,
    Contact,
    ContactJudgement,
    EmployerKind,
    Judgement,
    Milestone,
    MilestoneType,
    Party,
    Policy,
    Timeline,
)
from followline.line.window import Before, judge_latest

DEFAULT_PRESET = "two-email"


def milestone_of(row: Any) -> Milestone:
    return Milestone(
        type=MilestoneType(row.type),
        at=row.at,
        decision_within_days=row.decision_within_days,
        rounds=row.rounds,
        start_date=row.start_date,
    )


def contact_of(row: Any) -> Contact:
    party = Party(row.party)
    kind: CandidateKind | EmployerKind | None
    if party is Party.EMPLOYER:
        kind = EmployerKind(row.kind or EmployerKind.UPDATE)
    else:
        kind = CandidateKind(row.kind) if row.kind else None
    return Contact(
        at=row.at,
        party=party,
        channel=Channel(row.channel),
        kind=kind,
        text=row.text or None,
        voicemail=row.voicemail,
        decision_within_days=row.decision_within_days,
    )


def timeline_of(milestones: Iterable[Any], contacts: Iterable[Any], timezone: str) -> Timeline:
    """A :class:`Timeline` from model rows (or any objects with the same attributes)."""
    return Timeline(
        milestones=tuple(milestone_of(m) for m in milestones),
        contacts=tuple(contact_of(c) for c in contacts),
        timezone=timezone or None,
    )


def policy_of(
    spec: dict[str, Any] | str | None, *, response_window_days: int | None = None
) -> Policy:
    """The engine's policy for a stored spec; raises the engine's ``InputError`` when bad.

    ``response_window_days`` is an opening's promise ("we reply within N days"): the
    engine's default employer promise when nobody stated a decision date.
    """
    if spec is None or spec == "":
        policy = get_policy(DEFAULT_PRESET)
    elif isinstance(spec, str):
        policy = get_policy(spec)
    else:
        preset = spec.get("preset") or DEFAULT_PRESET
        custom = spec.get("custom")
        policy = load_policy(custom_mapping(preset, custom)) if custom else get_policy(preset)
    if response_window_days is not None:
        policy = replace(policy, response_window_days=response_window_days)
    return policy


def custom_mapping(preset: str, custom: dict[str, Any]) -> dict[str, Any]:
    """The policy mapping (as in a policy TOML file) for a preset with edited values."""
    return {"extends": preset, "name": f"{preset} (edited)", **custom}


def judge_rows(
    milestones: Iterable[Any],
    contacts: Iterable[Any],
    policy: Policy,
    now: datetime,
    timezone: str = "UTC",
) -> Judgement:
    """Judge a timeline given as rows."""
    return judge_timeline(timeline_of(milestones, contacts, timezone), policy, now)


def judge_timeline(timeline: Timeline, policy: Policy, now: datetime) -> Judgement:
    """The one call the site makes into the engine: with the policy's day calendar."""
    return judge(
        timeline, policy, now, calendar=calendar_for(policy), infer_kind=infer_candidate_kind
    )


def judge_window(
    window: Timeline, policy: Policy, now: datetime, before: Before, *, settled: int
) -> Judgement:
    """The engine's judgement of a timeline's latest contacts from its current cycle alone
    (:func:`followline.line.window.judge_latest`; see :mod:`followline.web.core.rejudge`)."""
    return judge_latest(
        window,
        policy,
        now,
        before,
        settled=settled,
        calendar=calendar_for(policy),
        infer_kind=infer_candidate_kind,
    )


def what_if(
    milestones: Iterable[Any],
    contacts: Iterable[Any],
    candidate_row: Any,
    policy: Policy,
    now: datetime,
    timezone: str = "UTC",
) -> tuple[ContactJudgement, int]:
    """How a contact not yet logged would be judged, and which follow-up it would be.

    Returns the engine's judgement of the new contact and its number among the contacts
    that count against the budget (0 when it does not count).
    """
    rows = sorted([*contacts, candidate_row], key=lambda c: c.at)
    index = next(i for i, c in enumerate(rows) if c is candidate_row)
    judgement = judge_rows(milestones, rows, policy, now, timezone)
    counted = [cj for cj in judgement.contacts[: index + 1] if cj.counts]
    mine = judgement.contacts[index]
    return mine, (len(counted) if mine.counts else 0)
