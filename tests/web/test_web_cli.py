"""`followline manage` passes through to Django; the demo loads once and fills every screen."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from followline.cli import main
from followline.web.applications.models import Application
from followline.web.employers.models import Candidate, StatusUpdate
from followline.web.home import demo
from followline.web.notices.models import Notice


def test_manage_passes_through_to_django():
    result = CliRunner().invoke(main, ["manage", "check"])
    assert result.exit_code == 0, result.output
    assert "System check identified no issues" in result.output


@pytest.mark.django_db
def test_demo_is_idempotent_and_varied(client):
    demo.load()
    demo.load()
    assert Candidate.objects.count() == 12 and Application.objects.count() == 7
    assert StatusUpdate.objects.count() == 1
    now = timezone.now()
    standings = set(Candidate.objects.values_list("standing", flat=True))
    assert {"appropriate", "excessive", "harassing"} <= standings
    assert sum(c.is_overdue(now) for c in Candidate.objects.all()) >= 3
    # an offer, a rejection, and Noah Brown, archived
    assert Candidate.objects.filter(closed=True).count() == 3
    assert Candidate.objects.filter(archived_at__isnull=False).count() == 1
    client.force_login(get_user_model().objects.get(username="candidate"))
    page = client.get(reverse("candidates:overview")).text
    assert page.count("Next: ") == 6  # one is archived
    # how many are due today depends on the hour the demo is loaded (its dates follow now)
    assert re.search(r"<strong>[1-9]\d*</strong> things? to do today", page)
    archived = client.get(reverse("candidates:overview") + "?show=archived").text
    assert "Adventure Works" in archived and "Archived: the plan is stopped" in archived
    stages = set(Application.objects.filter(archived_at=None).values_list("stage", flat=True))
    assert stages == {"applied", "interviewing", "offer"}
    assert Application.objects.exclude(job_url="").count() == 7
    assert Application.objects.exclude(resume="").count() == 1
    # the worker's first pass, run by the demo: a reminder for the candidate, the digest
    assert Notice.objects.filter(user__username="candidate", kind="reminder").exists()
    for member in ("employer", "teammate"):
        assert Notice.objects.filter(user__username=member, kind="digest").count() == 1
    assert 'Notifications <span class="count">' in page


LEAKS = ("bound method", "<function ", "Undefined", "jinja2.", "object at 0x")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["candidate", "employer", None])
def test_every_page_of_the_demo_renders_without_template_leaks(client, persona):
    """Every page reachable from home, for each persona (None: signed out), answers 200 and
    shows no sign of a template slip: a method printed instead of called (Jinja2 calls
    nothing by itself), an undefined name's repr, an object's."""
    demo.load()
    if persona:
        client.force_login(get_user_model().objects.get(username=persona))
    todo, seen = ["/"], set()
    while todo and len(seen) < 80:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if "html" not in response["Content-Type"]:
            continue
        page = response.text
        assert not [leak for leak in LEAKS if leak in page], (url, page)
        for link in re.findall(r'href="(/[^"#?]*)', page):
            if not re.search(r"logout|/static/|\.(ics|eml|csv)$|/resume|/o/|oauth", link):
                todo.append(link)
    assert len(seen) >= (20 if persona else 4), seen
