"""Writes from the pages' forms with htmx answer with what changed, not the whole page.

The application page and a candidate's page post their logging forms with htmx: the answer
is the form again (fresh, or with its errors, status 400) and, out of band, the message,
the plan or promise, and the new contact's row (the whole table when it was the first
contact, or when a contact logged in the past made the line judge everything again); the
timeline card then asks for itself (``HX-Trigger: timeline-changed``). Without htmx the
same forms redirect to the page, as before.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from followline.web.applications.models import Application
from followline.web.employers.models import Candidate

from .conftest import add_application, add_candidate

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _local(zone: str, dt) -> str:
    """How the form's date field writes ``dt`` in the timeline's zone."""
    return dt.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def _contact(at: str, **fields) -> dict:
    return {"at": at, "party": "candidate", "channel": "email", "kind": "other", **fields}


def test_a_contact_logged_with_htmx_answers_with_its_row_the_plan_and_the_message(
    client, owner
) -> None:
    now = timezone.now()
    app = add_application(owner, "Contoso", 3, now, contacts=1)
    client.force_login(owner)
    r = client.post(
        reverse("candidates:add_contact", args=[app.pk]),
        _contact(_local(app.timezone, now - timedelta(minutes=5)), kind="status_inquiry"),
        **HTMX,
    )
    assert r.status_code == 200
    page = r.text
    assert r["HX-Trigger"] == "timeline-changed"
    assert page.lstrip().startswith('<section class="card" id="log-contact"')
    assert '<div id="flash-slot" hx-swap-oob="true">' in page
    assert "Logged: your status inquiry" in page
    assert 'id="plan" aria-labelledby="plan-title" hx-swap-oob="true"' in page
    assert '<template><tbody hx-swap-oob="beforeend:#contact-rows">' in page
    assert page.count("<tr>") == 1  # the new row alone
    assert "premature" in page  # its verdict: an inquiry 3 days after the interview
    assert 'id="contacts"' not in page
    assert Application.objects.get(pk=app.pk).standing == "premature"
    # the message was shown: the next page does not repeat it
    assert "Logged:" not in client.get(app.get_absolute_url()).text


def test_the_first_contact_brings_the_whole_table(client, owner) -> None:
    now = timezone.now()
    app = add_application(owner, "Contoso", 1, now)
    client.force_login(owner)
    r = client.post(
        reverse("candidates:add_contact", args=[app.pk]),
        _contact(_local(app.timezone, now - timedelta(hours=2)), kind="thank_you"),
        **HTMX,
    )
    assert r.status_code == 200
    assert 'id="contacts" aria-labelledby="contacts-title" hx-swap-oob="true"' in r.text
    assert '<tbody id="contact-rows">' in r.text


def test_a_contact_logged_in_the_past_brings_the_table_judged_again(client, owner) -> None:
    now = timezone.now()
    app = add_application(owner, "Contoso", 20, now, contacts=2)  # thank-you, inquiry
    client.force_login(owner)
    before = app.contacts.order_by("at").first().at
    r = client.post(
        reverse("candidates:add_contact", args=[app.pk]),
        _contact(_local(app.timezone, before - timedelta(hours=1)), kind="status_inquiry"),
        **HTMX,
    )
    assert r.status_code == 200
    assert 'id="contacts" aria-labelledby="contacts-title" hx-swap-oob="true"' in r.text
    assert r.text.count("<tr>") == 1 + 3  # the head and every contact
    assert "excessive" in r.text  # the last one is now the third follow-up of the cycle


def test_a_form_with_errors_comes_back_alone_with_400(client, owner) -> None:
    app = add_application(owner, "Contoso", 3, timezone.now())
    client.force_login(owner)
    r = client.post(reverse("candidates:add_contact", args=[app.pk]), {"at": ""}, **HTMX)
    assert r.status_code == 400
    assert r.text.lstrip().startswith('<section class="card" id="log-contact"')
    assert 'class="error-summary"' in r.text
    assert "flash-slot" not in r.text and "HX-Trigger" not in r


def test_a_milestone_logged_with_htmx_answers_with_the_list_and_the_plan(client, owner) -> None:
    now = timezone.now()
    app = add_application(owner, "Contoso", None, now)
    client.force_login(owner)
    r = client.post(
        reverse("candidates:add_milestone", args=[app.pk]),
        {"type": "interview", "at": _local(app.timezone, now - timedelta(hours=3))},
        **HTMX,
    )
    assert r.status_code == 200
    assert r.text.lstrip().startswith('<section class="card" id="log-milestone"')
    assert "Interview, " in r.text  # the list under the form
    assert "Next: your thank-you, by email, today." in r.text
    assert r["HX-Trigger"] == "timeline-changed"


def test_the_timeline_card_comes_again_for_its_owner_only(client, owner, outsider) -> None:
    app = add_application(owner, "Contoso", 3, timezone.now(), contacts=1)
    url = reverse("candidates:timeline", args=[app.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    r = client.get(url)
    assert r.status_code == 200
    assert 'id="timeline"' in r.text and "<svg" in r.text
    assert "2 milestones and 1 contact" in r.text


def test_a_candidate_contact_logged_with_htmx_answers_with_its_row_and_the_promise(
    client, owner, opening
) -> None:
    now = timezone.now()
    cand = add_candidate(opening, "Maria Lopez", 10, now, contacts=1)
    client.force_login(owner)
    slug = opening.team.slug
    r = client.post(
        reverse("employers:candidate_contact", args=[slug, cand.pk]),
        {
            "at": _local(opening.timezone, now - timedelta(minutes=5)),
            "party": "employer",
            "channel": "email",
            "kind": "update",
            "decision_within_days": "5",
        },
        **HTMX,
    )
    assert r.status_code == 200
    assert r.text.lstrip().startswith('<section class="card" id="log-contact"')
    assert 'id="promise" aria-labelledby="promise-title" hx-swap-oob="true"' in r.text
    assert "They hear from you by" in r.text  # the update made a new promise
    assert '<template><tbody hx-swap-oob="beforeend:#contact-rows">' in r.text
    assert r["HX-Trigger"] == "timeline-changed"
    stored = Candidate.objects.get(pk=cand.pk)
    assert stored.promise_due_at is not None and stored.promise_due_at > now
    timeline = client.get(reverse("employers:candidate_timeline", args=[slug, cand.pk]))
    assert timeline.status_code == 200 and "<svg" in timeline.text


def test_a_candidate_interview_logged_with_htmx_moves_the_stage(client, owner, opening) -> None:
    now = timezone.now()
    cand = add_candidate(opening, "Sam Park", None, now)
    client.force_login(owner)
    r = client.post(
        reverse("employers:candidate_milestone", args=[opening.team.slug, cand.pk]),
        {"type": "interview", "at": _local(opening.timezone, now - timedelta(hours=1))},
        **HTMX,
    )
    assert r.status_code == 200
    assert r.text.lstrip().startswith('<section class="card" id="log-milestone"')
    stored = Candidate.objects.get(pk=cand.pk)
    assert stored.stage == "interviewing" and stored.last_interview_at is not None
