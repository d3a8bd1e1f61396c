"""Time zones: the viewer's zone (the browser's, from app.js's cookie) shows times without a
zone of their own and labels those in another; zone fields are searchable text inputs that a
new record fills from the browser; the demo's times fall in working hours."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from followline.web.core import wording, zones
from followline.web.core.models import Profile
from followline.web.employers.models import CandidateContact, CandidateMilestone
from followline.web.home import demo
from followline.web.notices.models import Notice
from followline.web.notices.notify import notify

pytestmark = pytest.mark.django_db
NOON_UTC = datetime(2026, 11, 10, 16, 0, tzinfo=ZoneInfo("UTC"))


def test_a_time_is_labelled_with_its_zone_unless_it_is_the_viewers():
    assert wording.when_for(NOON_UTC, "America/Chicago", "America/Chicago") == "Tue 10 Nov 10:00"
    assert wording.when_for(NOON_UTC, "America/Chicago", "US/Central") == "Tue 10 Nov 10:00"
    labelled = "Tue 10 Nov 10:00 (Chicago time)"
    assert wording.when_for(NOON_UTC, "America/Chicago", "Europe/Berlin") == labelled
    assert wording.when_for(NOON_UTC, "America/Chicago", None) == labelled  # viewer unknown
    assert wording.when_for(NOON_UTC, "UTC", "Europe/Berlin") == "Tue 10 Nov 16:00 (UTC)"


def test_the_account_takes_the_browsers_zone_on_first_visit_and_keeps_it(
    client, owner, application
):
    client.force_login(owner)
    url = f"/applications/{application.pk}/"
    html = client.get(url).text
    assert "(Chicago time)" in html  # the viewer's zone is not known yet: the zone is said
    client.cookies["followline_tz"] = "America/Chicago"
    assert "(Chicago time)" not in client.get(url).text
    assert Profile.objects.get(user=owner).timezone == "America/Chicago"  # first visit
    client.cookies["followline_tz"] = "Europe/Berlin"  # travelling: the account's zone holds
    assert "(Chicago time)" not in client.get(url).text
    saved = client.post("/accounts/settings/", {"timezone": "Europe/Berlin"}, follow=True)
    assert "Saved: your time zone is Europe/Berlin." in saved.text
    assert "(Chicago time)" in client.get(url).text
    client.cookies["followline_tz"] = "Not/AZone"
    assert client.get(url).status_code == 200
    bad = client.post("/accounts/settings/", {"timezone": "Berlin"})
    assert "is not a time zone we know" in bad.text
    assert Profile.objects.get(user=owner).timezone == "Europe/Berlin"


def test_sign_up_keeps_the_zone_and_new_records_start_in_it(client):
    form = client.get("/accounts/signup/").text
    field = re.search(r'<input type="text" name="timezone"[^>]*>', form).group(0)
    assert "data-browser-zone" in field  # app.js puts the browser's zone in
    client.post(
        "/accounts/signup/",
        {
            "username": "zoe",
            "email": "zoe@example.org",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "timezone": "Asia/Tokyo",
        },
    )
    assert Profile.objects.get(user__username="zoe").timezone == "Asia/Tokyo"
    for page in ("/applications/new/", "/teams/"):
        html = client.get(page).text
        if page == "/teams/":
            client.post("/teams/", {"name": "Zoe's shop"})
            html = client.get("/teams/zoes-shop/openings/new/").text
        field = re.search(r'<input type="text" name="timezone"[^>]*>', html).group(0)
        assert 'value="Asia/Tokyo"' in field, page


def test_mail_and_notices_are_shown_in_the_viewers_zone(client, owner):
    client.force_login(owner)
    notify(owner.pk, "import", "The import is done")
    Notice.objects.update(created_at=NOON_UTC)
    zones.set_account_zone(owner, "Asia/Tokyo")
    client.force_login(owner)  # a new session reads the account's zone
    html = client.get("/notifications/").text
    assert "Wed 11 Nov 01:00" in html and "(Tokyo time)" not in html


def test_new_application_zone_is_searchable_and_filled_by_the_browser(client, owner):
    client.force_login(owner)
    html = client.get("/applications/new/").text
    field = re.search(r'<input type="text" name="timezone"[^>]*>', html).group(0)
    assert 'list="zone-names"' in field and "data-browser-zone" in field
    assert '<datalist id="zone-names">' in html and '<option value="America/Chicago">' in html
    bad = client.post(
        "/applications/new/",
        {"company": "C", "role": "R", "policy": "two-email", "timezone": "Chicago"},
    )
    assert bad.status_code == 200 and "is not a time zone we know" in bad.text


def test_editing_keeps_the_zone_and_does_not_ask_the_browser(client, owner, application):
    client.force_login(owner)
    html = client.get(f"/applications/{application.pk}/edit/").text
    field = re.search(r'<input type="text" name="timezone"[^>]*>', html).group(0)
    assert 'value="America/Chicago"' in field and "data-browser-zone" not in field


def test_demo_times_fall_in_working_hours():
    demo.load()
    chicago = ZoneInfo(demo.TZ)
    hours = [m.at.astimezone(chicago).hour for m in CandidateMilestone.objects.all()]
    hours += [c.at.astimezone(chicago).hour for c in CandidateContact.objects.all()]
    assert hours and all(8 <= h <= 17 for h in hours), sorted(set(hours))
    assert get_user_model().objects.filter(username="candidate").exists()
