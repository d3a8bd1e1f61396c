"""Fixed query counts per page: the count is the same for a few rows and for twice as
many (no N+1), and equals the number written here (a change must be deliberate)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from followline.web.notices.notify import notify

from .conftest import add_application, add_candidate

pytestmark = pytest.mark.django_db

# a signed-in page asks nothing before its own queries: the session, the user and the
# header's unread count come from the shared cache (warmed by the first request), the
# account's zone is kept in the session
EXPECTED = {
    "overview": 4,  # count, page of applications, their milestones, their contacts
    "application": 3,  # application, milestones, contacts
    "board": 6,  # each stage's cards (4), the applied column's milestones and contacts
    #   (here every application is still "applied": a column with cards adds 2)
    "notices": 3,  # the page of notices, its count, the unread count
    "opening": 4,  # opening (membership join), overdue count, page count, page
    "candidate": 3,  # candidate (membership join), milestones, contacts
    "team": 6,  # membership, openings with counts, chart: candidates, milestones,
    #   contacts; inbound contacts
    "updates": 3,  # membership, owed candidates, recent updates
    "status": 3,  # public: candidate, milestones, contacts
}


def _grow_applications(owner, n):
    now = timezone.now()
    for i in range(n):
        add_application(owner, f"Company {i}", 3 + i % 9, now, contacts=i % 3)


def _grow_candidates(opening, n):
    now = timezone.now()
    for i in range(n):
        add_candidate(opening, f"Person {i}", (i % 12) or None, now, contacts=i % 2)


def _count(client, url, django_assert_num_queries, expected):
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [3, 6])
def test_candidate_pages(client, owner, rows, django_assert_num_queries):
    _grow_applications(owner, rows)
    client.force_login(owner)
    _count(client, reverse("candidates:overview"), django_assert_num_queries, EXPECTED["overview"])
    _count(client, reverse("candidates:board"), django_assert_num_queries, EXPECTED["board"])
    for i in range(rows):
        notify(owner.pk, "reply", f"Company {i} wrote")
    _count(client, reverse("notices:list"), django_assert_num_queries, EXPECTED["notices"])
    app = owner.applications.order_by("-id").first()
    _count(
        client,
        reverse("candidates:detail", args=[app.pk]),
        django_assert_num_queries,
        EXPECTED["application"],
    )


@pytest.mark.parametrize("rows", [3, 6])
def test_employer_pages(client, owner, opening, rows, django_assert_num_queries):
    _grow_candidates(opening, rows)
    client.force_login(owner)
    slug = opening.team.slug
    _count(
        client,
        reverse("employers:opening", args=[slug, opening.pk]),
        django_assert_num_queries,
        EXPECTED["opening"],
    )
    cand = opening.candidates.order_by("-id").first()
    _count(
        client,
        reverse("employers:candidate", args=[slug, cand.pk]),
        django_assert_num_queries,
        EXPECTED["candidate"],
    )
    _count(
        client, reverse("employers:team", args=[slug]), django_assert_num_queries, EXPECTED["team"]
    )
    _count(
        client,
        reverse("employers:updates", args=[slug]),
        django_assert_num_queries,
        EXPECTED["updates"],
    )
    client.logout()
    _count(
        client,
        reverse("public:status", args=[cand.status_token]),
        django_assert_num_queries,
        EXPECTED["status"],
    )
