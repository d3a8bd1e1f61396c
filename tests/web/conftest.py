"""Fixtures for the web tests: three personas (owner, teammate, outsider), a team with an
opening and candidates, a candidate's application, and settings fit for tests.

Runs against SQLite by default and against PostgreSQL when ./test sets DATABASE_URL.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from followline.web.accounts.models import ConfirmedEmail
from followline.web.applications.models import Application
from followline.web.applications.models import Contact as AppContact
from followline.web.applications.models import Milestone as AppMilestone
from followline.web.employers.models import (
    Candidate,
    CandidateContact,
    CandidateMilestone,
    Membership,
    Opening,
    Role,
    StatusUpdate,
    Team,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # argon2 stays on (a test checks it); cheaper parameters are not needed for a few users


@pytest.fixture
def make_user(django_user_model):
    def make(name: str):
        user = django_user_model.objects.create_user(name, f"{name}@example.org", PASSWORD)
        ConfirmedEmail.objects.create(user=user, email=user.email)  # they opened the link
        return user

    return make


@pytest.fixture
def owner(make_user):
    return make_user("owner")


@pytest.fixture
def teammate(make_user):
    return make_user("teammate")


@pytest.fixture
def outsider(make_user):
    return make_user("outsider")


@pytest.fixture
def team(owner, teammate):
    team = Team.objects.create(name="Lakeside", slug="lakeside")
    Membership.objects.create(team=team, user=owner, role=Role.OWNER)
    Membership.objects.create(team=team, user=teammate, role=Role.MEMBER)
    return team


@pytest.fixture
def outsider_team(outsider):
    team = Team.objects.create(name="Elsewhere", slug="elsewhere")
    Membership.objects.create(team=team, user=outsider, role=Role.OWNER)
    return team


@pytest.fixture
def opening(team):
    return Opening.objects.create(team=team, title="Pastry cook", promise_days=7)


def add_candidate(
    opening: Opening, name: str, interview_days_ago: int | None, now: datetime, contacts: int = 0
) -> Candidate:
    """A candidate who applied 20 days ago, maybe interviewed, with some thank-you emails."""
    cand = Candidate.objects.create(
        opening=opening, name=name, email=f"{name.lower().replace(' ', '.')}@example.org"
    )
    CandidateMilestone.objects.create(candidate=cand, type="applied", at=now - timedelta(days=20))
    if interview_days_ago is not None:
        at = now - timedelta(days=interview_days_ago)
        CandidateMilestone.objects.create(candidate=cand, type="interview", at=at)
        for i in range(contacts):
            CandidateContact.objects.create(
                candidate=cand,
                party="candidate",
                channel="email",
                kind="thank_you",
                at=at + timedelta(hours=2 + i),
                text="Thank you for your time",
            )
    Candidate.objects.get(pk=cand.pk).rejudge(now)
    return cand


@pytest.fixture
def candidate(opening):
    """Interviewed 10 days ago with no decision date: the 7-day promise has lapsed."""
    cand = add_candidate(opening, "Maria Lopez", 10, timezone.now(), contacts=1)
    StatusUpdate.objects.create(candidate=cand, subject="s", body="b")
    return cand


def add_application(
    user, company: str, interview_days_ago: int | None, now: datetime, contacts: int = 0
) -> Application:
    app = Application.objects.create(
        owner=user, company=company, role="Analyst", timezone="America/Chicago"
    )
    AppMilestone.objects.create(application=app, type="applied", at=now - timedelta(days=15))
    if interview_days_ago is not None:
        at = now - timedelta(days=interview_days_ago)
        AppMilestone.objects.create(application=app, type="interview", at=at)
        for i in range(contacts):
            AppContact.objects.create(
                application=app,
                party="candidate",
                channel="email",
                kind="thank_you" if i == 0 else "status_inquiry",
                at=at + timedelta(days=i * 8, hours=2),
            )
    app = Application.objects.prefetch_related("milestones", "contacts").get(pk=app.pk)
    app.rejudge(now)
    return app


@pytest.fixture
def application(owner):
    return add_application(owner, "Contoso", 3, timezone.now(), contacts=1)
