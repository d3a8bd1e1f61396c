"""The candidate workspace through its views: an application, an interview, contacts, the
plan in plain words, and the what-if check before logging."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from followline.web.applications.models import Application

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def _local(dt):
    return dt.astimezone(CHICAGO).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def _new_application(client) -> Application:
    response = client.post(
        reverse("candidates:create"),
        {
            "company": "Fabrikam",
            "role": "Product analyst",
            "contact_name": "Pat",
            "contact_email": "pat@fabrikam.example",
            "address": "1 Main St",
            "phone": "+1 555 0100",
            "policy": "two-email",
            "timezone": "America/Chicago",
        },
    )
    assert response.status_code == 302
    return Application.objects.get(company="Fabrikam")


def test_interview_then_thank_you_gives_dated_status_inquiry(logged_in):
    app = _new_application(logged_in)
    interview = timezone.now() - timedelta(days=1)
    r = logged_in.post(
        reverse("candidates:add_milestone", args=[app.pk]),
        {"type": "interview", "at": _local(interview), "decision_within_days": "10"},
    )
    assert r.status_code == 302
    page = logged_in.get(app.get_absolute_url()).text
    assert "Next: your thank-you, by email, today." in page
    r = logged_in.post(
        reverse("candidates:add_contact", args=[app.pk]),
        {
            "party": "candidate",
            "at": _local(interview + timedelta(hours=3)),
            "channel": "email",
            "kind": "",
            "text": "Thank you for your time today, I enjoyed meeting the team.",
        },
    )
    assert r.status_code == 302
    page = logged_in.get(app.get_absolute_url()).text
    # decision within 10 days of the interview (minute precision of the form)
    due = interview.astimezone(CHICAGO).replace(second=0, microsecond=0) + timedelta(days=10)
    expected = f"Next: your status inquiry, by email, from {due:%a} {due.day} {due:%b %H:%M}"
    assert expected + " (Chicago time)." in page  # the viewer's zone is not known: named
    logged_in.cookies["followline_tz"] = "America/Chicago"  # a browser in Chicago
    assert expected + "." in logged_in.get(app.get_absolute_url()).text
    assert "(from the text)" in page  # kind inferred by the shared classifier
    app.refresh_from_db()
    assert app.next_action == "status_inquiry" and app.next_at == due


def test_what_if_warns_before_a_third_follow_up(logged_in, owner):
    from .conftest import add_application

    now = timezone.now()
    app = add_application(owner, "Tailspin", 20, now, contacts=2)  # thank-you + inquiry
    r = logged_in.post(
        reverse("candidates:what_if", args=[app.pk]),
        {
            "party": "candidate",
            "at": _local(now),
            "channel": "email",
            "kind": "status_inquiry",
            "text": "Any news?",
        },
    )
    assert r.status_code == 200
    assert "This would be your third follow-up: excessive." in r.text
    assert "more than one seems" in r.text  # the seed's words come with it
    # nothing was logged
    assert app.contacts.count() == 2


def test_what_if_with_incomplete_form_asks_for_more(logged_in, application):
    r = logged_in.post(reverse("candidates:what_if", args=[application.pk]), {"party": "x"})
    assert r.status_code == 200 and "Fill in when and how" in r.text


def test_overview_sorts_what_is_due_today_first(logged_in, owner):
    from .conftest import add_application

    now = timezone.now()
    later = add_application(owner, "Later Inc", 1, now, contacts=1)  # inquiry in 6 days
    today = add_application(owner, "Today Ltd", 9, now, contacts=1)  # inquiry due now
    page = logged_in.get(reverse("candidates:overview")).text
    assert page.index("Today Ltd") < page.index("Later Inc")
    assert "1</strong> thing to do today" in page
    assert later.next_at > today.next_at


def test_bad_contact_kind_for_party_is_refused(logged_in, application):
    r = logged_in.post(
        reverse("candidates:add_contact", args=[application.pk]),
        {"party": "candidate", "at": _local(timezone.now()), "channel": "email", "kind": "offer"},
    )
    assert r.status_code == 400 and "does not send" in r.text


def test_deleting_a_contact_rejudges(logged_in, owner):
    from .conftest import add_application

    app = add_application(owner, "Tailspin", 20, timezone.now(), contacts=3)
    assert app.standing == "excessive"
    last = app.contacts.order_by("-at").first()
    logged_in.post(reverse("candidates:delete_contact", args=[app.pk, last.pk]))
    app.refresh_from_db()
    assert app.standing == "appropriate"


def test_an_offers_start_date_reads_in_the_sites_one_day_format(logged_in):
    """``Mon 4 Jan`` like every other day on the site, not Django's ``Jan. 4, 2027``."""
    app = _new_application(logged_in)
    r = logged_in.post(
        reverse("candidates:add_milestone", args=[app.pk]),
        {"type": "interview", "at": _local(timezone.now()), "start_date": "2027-01-04"},
    )
    assert r.status_code == 302
    page = logged_in.get(app.get_absolute_url()).text
    assert "· start Mon 4 Jan" in page
    assert "2027" not in page.split('id="log-milestone"', 1)[1].split("</ul>", 1)[0]
