"""Properties of the engine that must hold for every timeline (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followline.classify import infer_candidate_kind
from followline.line import (
    CandidateKind,
    Channel,
    Contact,
    EmployerKind,
    Milestone,
    MilestoneType,
    Party,
    Timeline,
    get_policy,
    judge,
)

START = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
ZONES = ["UTC", "America/Chicago", "Europe/London", "Asia/Kolkata", "Pacific/Auckland"]
TEXTS = [
    None,
    "Thank you for your time today.",
    "Is there any update on the status of my application?",
    "Is there any update on the status of my application?",
    "Following up on my interview last week, I remain very interested.",
    "Here are the references you asked for.",
]

instants = st.integers(min_value=0, max_value=60 * 24 * 40).map(
    lambda minutes: START + timedelta(minutes=minutes)
)
milestones = st.builds(
    Milestone,
    type=st.sampled_from(list(MilestoneType)),
    at=instants,
    decision_within_days=st.one_of(st.none(), st.integers(0, 30)),
)
candidate_contacts = st.builds(
    Contact,
    at=instants,
    party=st.just(Party.CANDIDATE),
    channel=st.sampled_from(list(Channel)),
    kind=st.one_of(st.none(), st.sampled_from(list(CandidateKind))),
    text=st.sampled_from(TEXTS),
    voicemail=st.one_of(st.none(), st.booleans()),
)
employer_contacts = st.builds(
    Contact,
    at=instants,
    party=st.just(Party.EMPLOYER),
    channel=st.sampled_from(list(Channel)),
    kind=st.one_of(st.none(), st.sampled_from(list(EmployerKind))),
    decision_within_days=st.one_of(st.none(), st.integers(0, 30)),
)
contacts = st.one_of(candidate_contacts, candidate_contacts, employer_contacts)
timelines = st.builds(
    Timeline,
    milestones=st.lists(milestones, max_size=4).map(tuple),
    contacts=st.lists(contacts, max_size=12).map(tuple),
    timezone=st.sampled_from(ZONES),
)
policies = st.sampled_from([get_policy("two-email"), get_policy("one-and-done")])
nows = instants


@given(timelines, policies, nows)
def test_judge_never_crashes_and_lists_every_contact(timeline, policy, now) -> None:
    result = judge(timeline, policy, now, infer_kind=infer_candidate_kind)
    assert [c.index for c in result.contacts] == list(range(len(timeline.contacts)))
    for judged, contact in zip(result.contacts, timeline.contacts, strict=True):
        assert (judged.verdict is None) == (contact.party is Party.EMPLOYER)
        if judged.verdict is not None:
            assert judged.reasons, "every verdict carries its reason"


@given(timelines, policies, nows)
def test_standing_is_the_worst_candidate_verdict(timeline, policy, now) -> None:
    result = judge(timeline, policy, now, infer_kind=infer_candidate_kind)
    verdicts = [c.verdict for c in result.contacts if c.verdict is not None]
    if verdicts:
        assert result.standing == max(verdicts)
        assert all(v <= result.standing for v in verdicts)
    else:
        assert result.standing.value == "appropriate"


@given(timelines, policies, nows, contacts, st.integers(1, 60 * 24 * 10))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_a_later_contact_never_changes_earlier_verdicts(
    timeline, policy, now, extra, minutes_later
) -> None:
    latest = max((c.at for c in timeline.contacts), default=START)
    latest = max([latest, *(m.at for m in timeline.milestones)])
    later = Contact(
        at=latest + timedelta(minutes=minutes_later),
        party=extra.party,
        channel=extra.channel,
        kind=extra.kind,
        text=extra.text,
        voicemail=extra.voicemail,
        decision_within_days=extra.decision_within_days,
    )
    before = judge(timeline, policy, now, infer_kind=infer_candidate_kind)
    extended = Timeline(timeline.milestones, (*timeline.contacts, later), timeline.timezone)
    after = judge(extended, policy, now, infer_kind=infer_candidate_kind)
    assert after.contacts[: len(before.contacts)] == before.contacts


def _in_zone(timeline: Timeline, zone: str) -> Timeline:
    tz = ZoneInfo(zone)

    def move(item):
        return type(item)(**{**_fields(item), "at": item.at.astimezone(tz)})

    return Timeline(
        tuple(move(m) for m in timeline.milestones),
        tuple(move(c) for c in timeline.contacts),
        timeline.timezone,
    )


def _fields(item) -> dict:
    return {name: getattr(item, name) for name in item.__slots__}


@given(timelines, policies, nows, st.sampled_from(ZONES))
def test_same_instants_in_other_zones_give_the_same_answer(timeline, policy, now, zone) -> None:
    original = judge(timeline, policy, now, infer_kind=infer_candidate_kind)
    moved = judge(
        _in_zone(timeline, zone),
        policy,
        now.astimezone(ZoneInfo(zone)),
        infer_kind=infer_candidate_kind,
    )
    assert moved.contacts == original.contacts
    assert moved.standing == original.standing
    assert moved.next.action == original.next.action
    assert moved.next.not_before == original.next.not_before  # aware datetimes compare instants
    assert moved.employer.due == original.employer.due
    assert moved.employer.overdue == original.employer.overdue
