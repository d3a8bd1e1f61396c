"""The line: a pure rule engine (standard library only, no I/O, ``now`` always a parameter).

Public API::

    from followline.line import judge, load_timeline, judgement_to_dict, get_policy

    data = {"timezone": "America/Chicago", "milestones": [...], "contacts": [...]}
    parsed = load_timeline(data)                       # InputError on bad input
    result = judge(parsed.timeline, parsed.policy, now)  # a Judgement
    # contacts without a kind: hand in the shared classifier
    result = judge(..., infer_kind=followline.classify.infer_candidate_kind)
    judgement_to_dict(result)                          # the JSON contract
"""

from followline.line.calendar import CALENDAR_DAYS, DayCalendar
from followline.line.contract import TimelineInput, judgement_to_dict, load_timeline, zone_of
from followline.line.engine import judge
from followline.line.errors import InputError
from followline.line.explain import describe_policy, next_step_sentence
from followline.line.policy import PRESETS, get_policy, load_policy, policy_to_mapping
from followline.line.types import (
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

__all__ = [
    "CALENDAR_DAYS",
    "PRESETS",
    "Action",
    "CandidateKind",
    "Channel",
    "Contact",
    "ContactJudgement",
    "DayCalendar",
    "EmployerKind",
    "EmployerPromise",
    "InputError",
    "Judgement",
    "Milestone",
    "MilestoneType",
    "NextStep",
    "Party",
    "Policy",
    "Reason",
    "Timeline",
    "TimelineInput",
    "Verdict",
    "describe_policy",
    "get_policy",
    "judge",
    "judgement_to_dict",
    "load_policy",
    "load_timeline",
    "next_step_sentence",
    "policy_to_mapping",
    "zone_of",
]
