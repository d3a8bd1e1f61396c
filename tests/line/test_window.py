"""Judging only the latest contacts (line/window.py) answers exactly as judging everything.

On random timelines (coarse instants, so milestones and contacts share instants; calls close
together; repeated and near-repeated letters across cycles), the latest ``new`` contacts,
the next step, the promise and the standing from :func:`judge_latest` over the window that
:func:`split` cuts equal :func:`judge` over the whole timeline.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
    load_policy,
)
from followline.line.similarity import MIN_WORDS, comparable_counts, words
from followline.line.types import VERDICT_RANK, Verdict
from followline.line.window import Before, judge_latest, split, window_start

START = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
ZONES = ["UTC", "America/Chicago", "Asia/Kolkata"]
TEXTS = [
    None,
    "Thank you for your time today.",
    "Thank you for your time today!",
    "Thank you so much for your time today.",
    "Is there any update on the status of my application?",
    "Is there any update on the status of my application please?",
    "Following up on my interview last week, I remain very interested in the role.",
    "Here are the references you asked for.",
    "Hi",
]

# six-hour steps over 30 days: many events share an instant, calls fall within a day
instants = st.integers(min_value=0, max_value=4 * 30).map(lambda n: START + timedelta(hours=6 * n))
milestones = st.builds(
    Milestone,
    type=st.sampled_from(list(MilestoneType)),
    at=instants,
    decision_within_days=st.one_of(st.none(), st.integers(0, 15)),
)
candidate_contacts = st.builds(
    Contact,
    at=instants,
    party=st.just(Party.CANDIDATE),
    channel=st.sampled_from([Channel.EMAIL, Channel.PHONE, Channel.PHONE, Channel.LETTER]),
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
    decision_within_days=st.one_of(st.none(), st.integers(0, 15)),
)
contacts = st.one_of(candidate_contacts, candidate_contacts, employer_contacts)
policies = st.sampled_from(
    [
        get_policy("two-email"),
        get_policy("one-and-done"),
        load_policy({"extends": "two-email", "name": "loose", "duplicate_similarity": 0.6}),
        load_policy({"extends": "two-email", "name": "business", "business_days": True}),
    ]
)


@st.composite
def timelines(draw) -> Timeline:
    """Milestones and contacts in time order (as the site stores them)."""
    ms = sorted(draw(st.lists(milestones, max_size=4)), key=lambda m: m.at)
    cs = sorted(draw(st.lists(contacts, max_size=14)), key=lambda c: c.at)
    return Timeline(tuple(ms), tuple(cs), draw(st.sampled_from(ZONES)))


def _worst(verdicts) -> Verdict:
    return max(
        [v for v in verdicts if v is not None], key=VERDICT_RANK.get, default=Verdict.APPROPRIATE
    )


@given(timelines(), policies, instants, st.integers(0, 3))
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_judging_the_latest_contacts_equals_judging_everything(timeline, policy, now, new) -> None:
    new = min(new, len(timeline.contacts))
    full = judge(timeline, policy, now, infer_kind=infer_candidate_kind)
    first_new = len(timeline.contacts) - new
    settled_standing = _worst(j.verdict for j in full.contacts[:first_new])
    window, before, settled = split(timeline, policy, now, new=new, standing=settled_standing)
    latest = judge_latest(
        window, policy, now, before, settled=settled, infer_kind=infer_candidate_kind
    )
    assert latest.contacts == full.contacts[first_new:]
    assert latest.next == full.next
    assert latest.employer == full.employer
    assert latest.standing == full.standing


@given(timelines(), policies, instants)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_only_texts_of_a_comparable_length_are_needed(timeline, policy, now) -> None:
    if not timeline.contacts:
        return
    full = judge(timeline, policy, now, infer_kind=infer_candidate_kind)
    window, before, settled = split(
        timeline, policy, now, new=1, standing=_worst(j.verdict for j in full.contacts[:-1])
    )
    text = timeline.contacts[-1].text or ""
    low, high = comparable_counts(len(words(text)), policy.duplicate_similarity)
    kept = tuple((i, t) for i, t in before.texts if low <= len(words(t)) <= high)
    narrowed = Before(
        before.contacts,
        before.employer_has_written,
        before.ended,
        before.calls,
        kept,
        before.standing,
    )
    latest = judge_latest(
        window, policy, now, narrowed, settled=settled, infer_kind=infer_candidate_kind
    )
    assert latest.contacts == full.contacts[-1:]


@given(st.integers(MIN_WORDS, 400), st.integers(1, 400), st.floats(0.05, 1.0))
def test_comparable_counts_hold_every_count_the_length_bound_lets_through(a, b, threshold):
    low, high = comparable_counts(a, threshold)
    if b >= MIN_WORDS and 2 * min(a, b) >= threshold * (a + b):
        assert low <= b <= high


def test_the_window_starts_at_the_latest_interview_else_the_latest_application() -> None:
    day = timedelta(days=1)
    applied = Milestone(MilestoneType.APPLIED, START)
    first = Milestone(MilestoneType.INTERVIEW, START + 3 * day)
    again = Milestone(MilestoneType.APPLIED, START + 4 * day)  # after an interview: no cycle
    second = Milestone(MilestoneType.INTERVIEW, START + 9 * day)
    ms = [applied, first, again, second]
    assert window_start(ms, START - day) is None
    assert window_start(ms, START + day) == 0
    assert window_start(ms, START + 5 * day) == 1
    assert window_start(ms, START + 9 * day) == 3


def test_a_call_burst_across_the_start_of_a_cycle_is_still_a_burst() -> None:
    interview = Milestone(MilestoneType.INTERVIEW, START + timedelta(days=2))
    calls = tuple(
        Contact(interview.at + timedelta(hours=h), Party.CANDIDATE, Channel.PHONE, voicemail=False)
        for h in (-20, -2, 3)
    )
    timeline = Timeline((Milestone(MilestoneType.APPLIED, START), interview), calls, "UTC")
    policy = get_policy("two-email")
    now = START + timedelta(days=5)
    full = judge(timeline, policy, now)
    window, before, settled = split(
        timeline, policy, now, new=1, standing=_worst(j.verdict for j in full.contacts[:-1])
    )
    assert window.milestones == (interview,) and len(before.calls) == 2
    latest = judge_latest(window, policy, now, before, settled=settled)
    assert latest.contacts == full.contacts[-1:]
    assert latest.contacts[0].verdict is Verdict.HARASSING
