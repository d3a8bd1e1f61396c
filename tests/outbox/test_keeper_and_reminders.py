"""The promise keeper and the reminders on plain plans (the rules are the engine's)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from followline.line import (
    Contact,
    EmployerKind,
    Milestone,
    MilestoneType,
    Party,
    Timeline,
    get_policy,
)
from followline.line.types import CandidateKind
from followline.web.notices.models import Notice
from followline.web.outbox.models import Notification, OutboxMessage
from followline.web.outbox.plans import CandidatePlan, EmployerPlan
from followline.web.outbox.promises import keep_promises
from followline.web.outbox.reminders import send_reminders

pytestmark = pytest.mark.django_db

INTERVIEW = datetime(2026, 11, 2, 16, tzinfo=UTC)
POLICY = get_policy("two-email")


def _timeline(*contacts: Contact, decide_in: int | None = 10) -> Timeline:
    return Timeline(
        milestones=(Milestone(MilestoneType.INTERVIEW, INTERVIEW, decide_in),), contacts=contacts
    )


@pytest.fixture
def ann(django_user_model):
    return django_user_model.objects.create_user("ann", "ann@example.com", "x" * 12)


def _employer_plan(n: int, *, auto: bool, contacts=(), team=1, logged=None) -> EmployerPlan:
    return EmployerPlan(
        key=f"candidate:{n}",
        timeline=_timeline(*contacts),
        policy=POLICY,
        team_id=team,
        team_name="Acme hiring",
        team_emails=("hiring@acme.example",),
        candidate_name=f"Cand {n}",
        candidate_email=f"cand{n}@example.com",
        company="Acme",
        role="Baker",
        url=f"https://fl.example/c/{n}",
        status_url=f"https://fl.example/s/{n}",
        auto_update=auto,
        record_update=None if logged is None else logged.append,
        timezone="America/Chicago",
    )


def test_lapsed_promises_give_one_digest_and_updates_where_allowed(ann):
    after_promise = INTERVIEW + timedelta(days=11)
    logged: list[datetime] = []
    members = {"team_user_ids": (ann.pk,), "updates_path": "/teams/acme/updates/"}
    plans = [
        dataclasses.replace(_employer_plan(1, auto=True, logged=logged), **members),
        dataclasses.replace(_employer_plan(2, auto=False), **members),
        dataclasses.replace(_employer_plan(3, auto=True), **members),
    ]
    first = keep_promises(plans, after_promise)
    assert (first.owed, first.digests, first.updates) == (3, 1, 2)
    digest = OutboxMessage.objects.get(purpose="promise_digest")
    assert digest.to == ["hiring@acme.example"]
    assert digest.subject == "You owe 3 candidates an update"
    assert all(f"Cand {n}" in digest.text for n in (1, 2, 3))
    # due dates in the opening's zone, in the site's one format, the zone always named
    assert "due Thu 12 Nov 10:00 (Chicago time)" in digest.text
    (notice,) = Notice.objects.filter(user=ann)
    assert notice.kind == "digest" and notice.url == "/teams/acme/updates/"
    assert (
        notice.text == "Acme hiring owes 3 candidates an update: the list was e-mailed to the team."
    )
    updates = OutboxMessage.objects.filter(purpose="employer_update")
    assert sorted(m.to[0] for m in updates) == ["cand1@example.com", "cand3@example.com"]
    assert "Dear Cand 1" in updates.get(to=["cand1@example.com"]).text
    assert logged == [after_promise]  # the update is logged as the employer's contact
    again = keep_promises(plans, after_promise + timedelta(hours=1))
    assert (again.owed, again.digests, again.updates) == (3, 0, 0)  # nothing twice
    assert OutboxMessage.objects.count() == 3
    assert Notice.objects.count() == 1


def test_before_the_promise_and_after_an_answer_nothing_is_owed():
    answered = Contact(
        INTERVIEW + timedelta(days=5),
        Party.EMPLOYER,
        kind=EmployerKind.UPDATE,
        decision_within_days=20,
    )
    plans = [_employer_plan(1, auto=True), _employer_plan(2, auto=True, contacts=[answered])]
    assert keep_promises(plans, INTERVIEW + timedelta(days=9)).owed == 0
    later = keep_promises(plans, INTERVIEW + timedelta(days=11))
    assert later.owed == 1 and later.updates == 1  # only the one not answered
    assert OutboxMessage.objects.filter(to=["cand2@example.com"]).count() == 0


def test_a_new_lapse_brings_a_new_digest_listing_all_owed():
    plans = [_employer_plan(1, auto=False)]
    keep_promises(plans, INTERVIEW + timedelta(days=11))
    late = Timeline(
        milestones=(Milestone(MilestoneType.INTERVIEW, INTERVIEW + timedelta(days=3), 10),)
    )
    plans.append(EmployerPlan(**{**_employer_plan(2, auto=False).__dict__, "timeline": late}))
    result = keep_promises(plans, INTERVIEW + timedelta(days=14))
    assert result.digests == 1
    newest = OutboxMessage.objects.filter(purpose="promise_digest").latest("id")
    assert newest.subject == "You owe 2 candidates an update"
    assert Notification.objects.filter(key__startswith="digest:").count() == 2


def _candidate_plan(n: int, *contacts: Contact, user) -> CandidatePlan:
    return CandidatePlan(
        key=f"application:{n}",
        timeline=_timeline(*contacts),
        policy=POLICY,
        user_id=user,
        email="ann@example.com",
        name="Ann",
        company=f"Company {n}",
        role="Baker",
        url=f"https://fl.example/a/{n}",
        path=f"/applications/{n}/",
        timezone="America/Chicago",
    )


def _thanked(n: int = 0) -> Contact:
    return Contact(
        INTERVIEW + timedelta(hours=3 + n),
        Party.CANDIDATE,
        kind=CandidateKind.THANK_YOU,
        text="Thank you for the interview.",
    )


def test_reminder_on_the_day_the_status_inquiry_becomes_appropriate_and_only_once(ann):
    plans = [
        _candidate_plan(1, _thanked(), user=ann.pk),
        _candidate_plan(2, _thanked(), user=ann.pk),
    ]
    assert send_reminders(plans, INTERVIEW + timedelta(days=9)) == 0  # decision date not yet
    assert send_reminders(plans, INTERVIEW + timedelta(days=10, hours=1)) == 1  # one digest
    (mail,) = OutboxMessage.objects.filter(purpose="candidate_reminder")
    assert mail.to == ["ann@example.com"]
    assert mail.subject == "2 follow-ups are appropriate today"
    assert "a status inquiry to Company 1" in mail.text and "Company 2" in mail.text
    # the site's one format, in the application's zone, named (Ann's own zone is unknown)
    assert "welcome since Thu 12 Nov 10:00 (Chicago time)" in mail.text
    notices = list(Notice.objects.filter(user=ann, kind="reminder").order_by("pk"))
    assert [n.url for n in notices] == ["/applications/1/", "/applications/2/"]
    assert notices[0].text == (
        "Reminder e-mailed: a status inquiry to Company 1 (Baker) is welcome since "
        "Thu 12 Nov 10:00 (Chicago time)."
    )
    assert send_reminders(plans, INTERVIEW + timedelta(days=11)) == 0  # not again
    assert Notice.objects.filter(user=ann).count() == 2


def test_a_reminder_in_the_persons_own_zone_does_not_name_it(ann):
    plan = _candidate_plan(1, _thanked(), user=ann.pk)
    plan = dataclasses.replace(plan, owner_zone="America/Chicago")
    assert send_reminders([plan], INTERVIEW + timedelta(days=10, hours=1)) == 1
    (mail,) = OutboxMessage.objects.filter(purpose="candidate_reminder")
    assert "welcome since Thu 12 Nov 10:00:" in mail.text and "Chicago time" not in mail.text


def test_no_reminder_once_the_employer_answered_or_the_budget_is_spent(ann):
    rejected = Contact(INTERVIEW + timedelta(days=4), Party.EMPLOYER, kind=EmployerKind.REJECTION)
    inquiry = Contact(
        INTERVIEW + timedelta(days=10, hours=2),
        Party.CANDIDATE,
        kind=CandidateKind.STATUS_INQUIRY,
        text="Any news?",
    )
    plans = [
        _candidate_plan(1, _thanked(), rejected, user=ann.pk),
        _candidate_plan(2, _thanked(), inquiry, user=ann.pk),
    ]
    assert send_reminders(plans, INTERVIEW + timedelta(days=12)) == 0
    assert not OutboxMessage.objects.exists()


def test_an_employer_update_moves_the_reminder_to_the_new_date(ann):
    update = Contact(
        INTERVIEW + timedelta(days=5),
        Party.EMPLOYER,
        kind=EmployerKind.UPDATE,
        decision_within_days=10,
    )
    plans = [_candidate_plan(1, _thanked(), update, user=ann.pk)]
    assert send_reminders(plans, INTERVIEW + timedelta(days=11)) == 0  # the old date is void
    assert send_reminders(plans, INTERVIEW + timedelta(days=15, hours=1)) == 1
