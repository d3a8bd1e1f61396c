"""A write re-judges from the current cycle alone (web/core/rejudge.py), and answers exactly
as re-judging every row would, in a number of queries that does not grow with the contacts.

The property tests write random timelines one row at a time through ``log_contact`` and
``log_milestone`` (in and out of time order, letters that repeat across cycles, calls in
bursts, legacy rows whose kind is read from their text, rows written in bulk without a word
count) and after each write compare what was stored and answered with a full re-judge of
freshly read rows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followline.web.applications.models import Application
from followline.web.applications.models import Contact as AppContact
from followline.web.employers.models import Candidate, CandidateContact, Opening

pytestmark = pytest.mark.django_db

START = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
TEXTS = [
    "",
    "Thank you for your time today.",
    "Thank you so much for your time today!",
    "Is there any update on the status of my application?",
    "Is there any update on the status of my application please?",
    "Following up on my interview last week, I remain very interested in the role.",
    "Here are the references you asked for.",
    "Hi there",
]
CANDIDATE_KINDS = ["", "thank_you", "status_inquiry", "reply", "other"]
EMPLOYER_KINDS = ["", "update", "request", "invitation", "offer", "rejection"]

hours = st.integers(0, 4 * 40).map(lambda n: START + timedelta(hours=6 * n))
contact_writes = st.fixed_dictionaries(
    {
        "write": st.sampled_from(["contact", "contact", "contact", "legacy", "bulk"]),
        "at": hours,
        "party": st.sampled_from(["candidate", "candidate", "employer"]),
        "channel": st.sampled_from(["email", "email", "phone", "letter"]),
        "kind_pick": st.integers(0, 5),
        "text": st.sampled_from(TEXTS),
        "voicemail": st.one_of(st.none(), st.booleans()),
        "decision_within_days": st.one_of(st.none(), st.integers(0, 12)),
    }
)
milestone_writes = st.fixed_dictionaries(
    {
        "write": st.just("milestone"),
        "at": hours,
        "type": st.sampled_from(["applied", "interview", "interview"]),
        "decision_within_days": st.one_of(st.none(), st.integers(0, 12)),
    }
)
writes = st.lists(st.one_of(contact_writes, contact_writes, milestone_writes), max_size=14)
# mostly writes in time order (the everyday case), sometimes one in the past
in_order = st.booleans()


def _fields(w: dict) -> dict:
    if w["write"] == "milestone":
        return {"type": w["type"], "at": w["at"], "decision_within_days": w["decision_within_days"]}
    kinds = CANDIDATE_KINDS if w["party"] == "candidate" else EMPLOYER_KINDS
    return {
        "at": w["at"],
        "party": w["party"],
        "channel": w["channel"],
        "kind": kinds[w["kind_pick"] % len(kinds)],
        "text": w["text"],
        "voicemail": w["voicemail"],
        "decision_within_days": w["decision_within_days"],
    }


def _ordered(ws: list[dict], sort: bool) -> list[dict]:
    return sorted(ws, key=lambda w: w["at"]) if sort else ws


def _write(timeline, row_model, parent: str, w: dict, now: datetime):
    """One write as the site makes it (log_*), or a row written around it and re-judged."""
    fields = _fields(w)
    if w["write"] == "milestone":
        return timeline.log_milestone(now, **fields)
    if w["write"] == "contact":
        return timeline.log_contact(now, **fields)
    if w["write"] == "legacy":  # kind left to the engine's reading of the text
        row_model.objects.create(**{parent: timeline}, **{**fields, "kind": ""})
    else:  # bulk_create: no save(), no word count
        row_model.objects.bulk_create([row_model(**{parent: timeline}, **fields)])
    timeline.rejudge(now)
    return None


def _check_application(app: Application, written, now: datetime) -> None:
    fresh = Application.objects.for_judging().get(pk=app.pk)
    full = fresh.judge(now)
    stored = Application.objects.get(pk=app.pk)
    assert stored.standing == str(full.standing)
    assert stored.closed == full.employer.closed
    if stored.plan_stopped:  # closed by a rejection or offer (its stage): no next step stored
        assert (stored.next_action, stored.next_at) == ("none", None)
    else:
        assert stored.next_action == str(full.next.action)
        expected_at = (full.next.not_before or now) if full.next.action != "none" else None
        assert stored.next_at == expected_at
    fresh.rejudge(now)  # and what a full re-judge stores, stage included
    for column in ("stage", "standing", "next_action", "next_at", "closed"):
        assert getattr(stored, column) == getattr(fresh, column), column
    assert app.judgement.next == full.next
    assert app.judgement.employer == full.employer
    assert app.judgement.standing == full.standing
    if isinstance(written, AppContact):
        index = [c.pk for c in fresh.contacts.all()].index(written.pk)
        assert written.judgement == full.contacts[index]


@given(writes, in_order, st.sampled_from(["two-email", "one-and-done"]), st.integers(0, 160))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_an_application_written_row_by_row_stores_what_a_full_rejudge_gives(
    owner, ws, sort, policy, now_step
) -> None:
    app = Application.objects.create(owner=owner, company="Acme", role="Cook", policy=policy)
    for i, w in enumerate(_ordered(ws, sort)):
        now = START + timedelta(hours=6 * (now_step + i))
        written = _write(app, AppContact, "application", w, now)
        if written is not None:
            _check_application(app, written, now)


def _check_candidate(cand: Candidate, written, now: datetime) -> None:
    fresh = Candidate.objects.for_judging().get(pk=cand.pk)
    full = fresh.judge(now)
    stored = Candidate.objects.get(pk=cand.pk)
    fresh.rejudge(now)  # what a full re-judge stores
    for column in ("stage", "last_interview_at", "promise_due_at", "closed", "standing"):
        assert getattr(stored, column) == getattr(fresh, column), column
    assert stored.inbound_count == fresh.inbound_count
    assert cand.judgement.next == full.next
    assert cand.judgement.employer == full.employer
    assert cand.judgement.standing == full.standing
    if isinstance(written, CandidateContact):
        index = [c.pk for c in fresh.judged_contacts()].index(written.pk)
        assert written.judgement == full.contacts[index]


@given(writes, in_order, st.booleans(), st.integers(0, 160))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_candidate_written_row_by_row_stores_what_a_full_rejudge_gives(
    team, ws, sort, business_days, now_step
) -> None:
    spec = {"preset": "two-email"}
    if business_days:
        spec["custom"] = {"business_days": True, "status_wait_days": 5}
    opening = Opening.objects.create(team=team, title="Cook", promise_days=5, policy=spec)
    cand = Candidate.objects.create(opening=opening, name="Ada", email="ada@example.org")
    # spam and the application letter are set aside by the line: one of each first
    for spam, application in ((True, False), (False, True)):
        CandidateContact.objects.create(
            candidate=cand,
            at=START,
            party="candidate",
            text="Hello",
            spam=spam,
            is_application=application,
        )
    cand.rejudge(START)  # every change is followed by a re-judge: the stored columns are current
    for i, w in enumerate(_ordered(ws, sort)):
        now = START + timedelta(hours=6 * (now_step + i))
        written = _write(cand, CandidateContact, "candidate", w, now)
        if written is not None:
            _check_candidate(cand, written, now)


def _no_full_rejudge(monkeypatch) -> None:
    """Make a full re-judge fail: the writes below must take the incremental path."""

    def refuse(self, now):
        raise AssertionError("a write at the end of the timeline re-judged everything")

    monkeypatch.setattr(Application, "rejudge", refuse)
    monkeypatch.setattr(Candidate, "rejudge", refuse)


def _at(days: float) -> datetime:
    return START + timedelta(days=days)


def _app(owner) -> Application:
    return Application.objects.create(owner=owner, company="Acme", role="Cook", timezone="UTC")


def _letter(text: str, days: float, kind: str = "other") -> dict:
    return {"at": _at(days), "party": "candidate", "channel": "email", "kind": kind, "text": text}


def test_a_letter_repeating_one_of_an_earlier_cycle_is_named_by_its_number(
    owner, monkeypatch
) -> None:
    _no_full_rejudge(monkeypatch)
    app = _app(owner)
    now = _at(30)
    app.log_milestone(now, type="applied", at=_at(0))
    app.log_contact(now, at=_at(1), party="employer", channel="email", kind="request")
    app.log_contact(now, **_letter("Here are the references you asked for today.", 2, "reply"))
    app.log_contact(now, **_letter("I remain very interested in the analyst role here.", 3))
    app.log_milestone(now, type="interview", at=_at(10))
    again = app.log_contact(
        now, **_letter("I remain very interested in the analyst role here!", 12)
    )
    assert again.judgement.verdict == "excessive"
    assert "repeats contact #2" in [r.detail for r in again.judgement.reasons]
    monkeypatch.undo()
    _check_application(app, again, now)


def test_calls_before_and_after_the_interview_make_one_burst(owner, monkeypatch) -> None:
    _no_full_rejudge(monkeypatch)
    app = _app(owner)
    now = _at(30)
    app.log_milestone(now, type="applied", at=_at(0))
    call = {"party": "candidate", "channel": "phone", "voicemail": False}
    app.log_contact(now, at=_at(4.2), **call)
    app.log_contact(now, at=_at(4.9), **call)
    app.log_milestone(now, type="interview", at=_at(5))
    third = app.log_contact(now, at=_at(5.1), **call)
    assert third.judgement.verdict == "harassing"
    monkeypatch.undo()
    _check_application(app, third, now)


def test_a_process_ended_before_a_new_application_stays_ended(owner, monkeypatch) -> None:
    _no_full_rejudge(monkeypatch)
    app = _app(owner)
    now = _at(30)
    app.log_milestone(now, type="applied", at=_at(0))
    app.log_contact(now, at=_at(2), party="employer", channel="email", kind="rejection")
    app.log_milestone(now, type="applied", at=_at(3))  # applied again: no interview since
    late = app.log_contact(now, **_letter("Is there any update on my application?", 12))
    assert late.judgement.verdict == "excessive"
    assert [r.rule for r in late.judgement.reasons] == ["process-ended"]
    monkeypatch.undo()
    _check_application(app, late, now)


def test_a_reply_after_the_employer_wrote_in_an_earlier_cycle_does_not_count(
    team, monkeypatch
) -> None:
    _no_full_rejudge(monkeypatch)
    opening = Opening.objects.create(team=team, title="Cook", promise_days=5)
    cand = Candidate.objects.create(opening=opening, name="Ada", email="ada@example.org")
    now = _at(30)
    cand.log_milestone(now, type="applied", at=_at(0))
    cand.log_contact(now, at=_at(1), party="employer", channel="email", kind="request")
    cand.log_milestone(now, type="interview", at=_at(5))
    reply = cand.log_contact(now, **_letter("Here are the two references.", 6, "reply"))
    assert reply.judgement.counts is False
    monkeypatch.undo()
    _check_candidate(cand, reply, now)


# --- queries: a write costs the same for 5 contacts and for 1,000 ------------------------

LETTER = "Following up on my interview last week, I remain very interested in the role."


def _grow_application(owner, n: int) -> Application:
    """An application with ``n`` contacts in one cycle (the worst case for a window), every
    letter of the same length as the next one's (so none is ruled out by length)."""
    app = _app(owner)
    app.log_milestone(_at(0), type="interview", at=_at(0))
    AppContact.objects.bulk_create(
        AppContact(application=app, **_letter(f"{LETTER} {i}", 0.01 * (i + 1)), text_words=15)
        for i in range(n)
    )
    app.rejudge(_at(20))
    return app


def _grow_candidate(opening, n: int) -> Candidate:
    cand = Candidate.objects.create(opening=opening, name=f"Ada {n}", email=f"ada{n}@example.org")
    cand.log_milestone(_at(0), type="interview", at=_at(0))
    CandidateContact.objects.bulk_create(
        CandidateContact(candidate=cand, **_letter(f"{LETTER} {i}", 0.01 * (i + 1)), text_words=15)
        for i in range(n)
    )
    cand.rejudge(_at(20))
    return cand


def _queries(write) -> int:
    """The statements a write sends (its transaction's SAVEPOINT/RELEASE, BEGIN/COMMIT
    outside a test, left out)."""
    with CaptureQueriesContext(connection) as queries:
        write()
    return sum(1 for q in queries.captured_queries if "SAVEPOINT" not in q["sql"])


# what each write asks the database (see web/core/rejudge.py): lock and read the stored
# columns, insert, "anything later?", milestones, the aggregate before the window, the
# window, the comparable letters (a letter only), store
WRITE_QUERIES = {"contact": 8, "milestone": 7}
NOW = _at(20)


def test_a_write_asks_the_same_queries_for_5_and_1000_contacts(owner, team) -> None:
    opening = Opening.objects.create(team=team, title="Cook", promise_days=5)
    counts = {}
    for n in (5, 1000):
        app, cand = _grow_application(owner, n), _grow_candidate(opening, n)
        for timeline in (app, cand):
            counts[type(timeline).__name__, "contact", n] = _queries(
                lambda t=timeline: t.log_contact(NOW, **_letter(f"{LETTER} new", 19))
            )
            assert not timeline.judged_all
            counts[type(timeline).__name__, "milestone", n] = _queries(
                lambda t=timeline: t.log_milestone(NOW, type="interview", at=_at(19.5))
            )
            assert not timeline.judged_all
    for (side, write, n), count in counts.items():
        assert count == WRITE_QUERIES[write], (side, write, n, count)


# the same through the pages' forms (htmx): the row and its access check (the session and
# the user come from the shared cache), the write, then only what the answer shows (the
# milestones' list for a milestone)
PAGE_QUERIES = {"application": 1 + 8, "candidate": 1 + 8}


def test_a_page_write_asks_the_same_queries_for_5_and_1000_contacts(client, owner, team) -> None:
    opening = Opening.objects.create(team=team, title="Cook", promise_days=5)
    client.force_login(owner)
    seen = {}
    for n in (5, 1000):
        app, cand = _grow_application(owner, n), _grow_candidate(opening, n)
        urls = {
            "application": reverse("candidates:add_contact", args=[app.pk]),
            "candidate": reverse("employers:candidate_contact", args=[team.slug, cand.pk]),
        }
        for side, url in urls.items():
            post = {
                "at": "2026-10-20T08:00",
                "party": "candidate",
                "channel": "email",
                "kind": "other",
                "text": f"{LETTER} new",
            }
            client.post(url, post, HTTP_HX_REQUEST="true")  # warm (content types, session)
            post["at"] = "2026-10-20T08:30"
            with CaptureQueriesContext(connection) as queries:
                response = client.post(url, post, HTTP_HX_REQUEST="true")
            assert response.status_code == 200, response.content[:300]
            seen[side, n] = sum(1 for q in queries.captured_queries if "SAVEPOINT" not in q["sql"])
    for (side, n), count in seen.items():
        assert count == PAGE_QUERIES[side], (side, n, count)
