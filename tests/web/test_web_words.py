"""Words: quotes keep the source's spelling marked [sic]; contacts count from 1; the public
status page speaks to the candidate, never about them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from followline.line.types import Action, NextStep, Reason
from followline.web.applications.models import Contact
from followline.web.core import wording
from followline.web.employers.models import Candidate, CandidateContact

from .conftest import add_candidate

pytestmark = pytest.mark.django_db


def test_misspellings_of_the_source_are_marked_sic_and_nothing_else():
    said = "However, more than one seems desparate, more than two, harrassment."
    assert wording.sic(said) == (
        "However, more than one seems desparate [sic], more than two, harrassment [sic]."
    )
    assert wording.sic("We tell candiates if interested") == "We tell candiates [sic] if interested"
    assert wording.sic("One expression of gratitude will do.") == (
        "One expression of gratitude will do."
    )


def test_contacts_count_from_one_for_people():
    assert wording.detail("repeats contact #0") == "repeats the first contact"
    assert wording.detail("repeats contact #2") == "repeats the third contact"
    assert wording.detail("3 calls within 24 hours") == "3 calls within 24 hours"


def test_public_next_step_speaks_to_the_candidate():
    now = timezone.now()
    spent = NextStep(Action.NONE, None, None, Reason("follow-up-budget", "…", ""))
    words = wording.public_next(spent, now, "UTC")
    assert "no need to write again" in words and "desperate" not in words
    later = NextStep(Action.STATUS_INQUIRY, now + timedelta(days=2), "email", None)
    assert wording.public_next(later, now, "UTC").startswith(
        "You are welcome to send us a status inquiry by email from "
    )


def test_status_page_of_a_candidate_over_budget(client, opening):
    now = timezone.now()
    cand = add_candidate(opening, "Tom Becker", 5, now, contacts=1)
    for hours in (30, 28):
        CandidateContact.objects.create(
            candidate=cand,
            party="candidate",
            channel="email",
            kind="other",
            at=now - timedelta(hours=hours),
            text="Any news?",
        )
    Candidate.objects.get(pk=cand.pk).rejudge(now)
    html = client.get(f"/s/{cand.status_token}/").text
    assert "desperate" not in html and "desparate" not in html
    assert "there is no need to write again" in html


def test_candidate_page_marks_quotes_sic(client, owner, application):
    now = timezone.now()
    for days in (1, 2):
        Contact.objects.create(
            application=application,
            party="candidate",
            channel="email",
            kind="other",
            at=now - timedelta(days=days, hours=1),
            text="Checking in again.",
        )
    client.force_login(owner)
    html = client.get(f"/applications/{application.pk}/").text
    assert "desparate [sic]" in html and "harrassment [sic]" in html


def test_help_page_explains_the_line_with_its_sources(client):
    html = client.get("/help/").text
    assert "<title>How the line works · Help · followline</title>" in html
    assert "seems desparate [sic]" in html and "Elizabeth (recruiter)" in html
    assert "<code>call-burst</code>" in html and "Up to 1 follow-up per interview" in html
    assert 'href="/help/"' in client.get("/").text  # linked from every page's footer
