"""What users of Huntr, Teal or Greenhouse expect of an application: a stage (the board's
columns) that logging moves forward and a person moves either way, archive and reopen with
the plan stopped meanwhile, a job ad link, a salary and the résumé sent; the same archive
for an opening's candidate. Through the views, on the suite's database."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from followline.web.applications import reminders
from followline.web.applications.feeds import entries_for
from followline.web.applications.models import Application
from followline.web.employers.models import Candidate, StatusUpdate
from followline.web.employers.promises import employer_plans

from .conftest import add_application, add_candidate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def me(client, owner):
    client.force_login(owner)
    return client


def _status(html: str) -> str:
    m = re.search(r'id="messages" role="status" tabindex="-1">(.*?)</div>', html, re.S)
    assert m, "no message region"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(1))).strip()


def test_logging_moves_the_stage_forward_never_back(application):
    now = timezone.now()
    assert application.stage == "applied"  # made by the fixture without logging
    application.log_milestone(now, type="interview", at=now - timedelta(days=1))
    assert application.stage == "interviewing"
    application.log_contact(now, at=now, party="employer", channel="email", kind="offer")
    assert application.stage == "offer"
    application.log_milestone(now, type="interview", at=now)  # a late interview: still offer
    assert application.stage == "offer"
    application.log_contact(now, at=now, party="employer", channel="email", kind="rejection")
    assert application.stage == "closed" and application.next_action == "none"


def test_the_board_shows_each_stage_and_a_card_moves_with_a_form(me, owner):
    now = timezone.now()
    a = add_application(owner, "Acme", 3, now, contacts=1)
    add_application(owner, "Zeta", None, now)
    board = me.get("/applications/board/").text
    for column in ("Applied", "Interviewing", "Offer", "Closed"):
        assert f'>{column} <span class="count-pill">' in board
    assert f'id="app-{a.pk}"' in board and f'<label for="move-{a.pk}">Move to' in board
    moved = me.post(f"/applications/{a.pk}/stage/", {"stage": "offer", "back": "board"})
    assert moved.status_code == 302 and moved["Location"] == "/applications/board/"
    page = me.get(moved["Location"]).text
    assert _status(page).startswith("Moved Analyst at Acme to “Offer”.")
    offer = page[page.index('id="col-offer"') :]
    assert f'id="app-{a.pk}"' in offer[: offer.index("</section>")]
    bad = me.post(f"/applications/{a.pk}/stage/", {"stage": "won"}, follow=True)
    assert "Choose a stage" in _status(bad.text)


def test_closed_and_archived_plans_are_stopped_and_reopen_brings_the_plan_back(me, owner):
    now = timezone.now()
    app = add_application(owner, "Acme", 9, now, contacts=1)  # a status inquiry is due
    assert app.next_action == "status_inquiry" and app.next_at <= now
    me.post(f"/applications/{app.pk}/stage/", {"stage": "closed"})
    app.refresh_from_db()
    assert (app.next_action, app.next_at) == ("none", None)
    page = me.get(f"/applications/{app.pk}/").text
    assert "Closed: the plan is stopped" in page and "Draft it" not in page
    assert me.get(f"/mail/applications/{app.pk}/next.ics").status_code == 404
    me.post(f"/applications/{app.pk}/stage/", {"stage": "interviewing"}, follow=True)
    archived = me.post(f"/applications/{app.pk}/archive/", follow=True)
    assert _status(archived.text).startswith("Archived: Analyst at Acme. No next step")
    assert 'id="archived-note"' in archived.text and ">Reopen</button>" in archived.text
    assert "Acme" not in me.get("/applications/").text
    assert "Acme" not in me.get("/applications/board/").text
    assert "Acme" in me.get("/applications/?show=archived").text
    assert reminders.run()["queued"] == 0  # no reminder for a stopped plan
    assert entries_for(owner, now) == []  # nothing in the calendar feed
    reopened = me.post(f"/applications/{app.pk}/reopen/", follow=True)
    assert _status(reopened.text).startswith("Reopened: Analyst at Acme. Next: your status")
    assert reminders.run()["queued"] == 1


def test_the_overview_filters_by_stage_and_sorts_by_column(me, owner):
    now = timezone.now()
    add_application(owner, "Beta", 3, now).move_to("offer", now)
    add_application(owner, "Alpha", None, now)
    offers = me.get("/applications/?stage=offer").text
    assert "Beta" in offers and "Alpha" not in offers and "stage offer" in offers
    by_company = me.get("/applications/?sort=company").text
    assert by_company.index("Alpha") < by_company.index("Beta")
    assert 'aria-sort="ascending"' in by_company and "sort=-company" in by_company
    backwards = me.get("/applications/?sort=-company").text
    assert backwards.index("Beta") < backwards.index("Alpha")


def test_job_ad_link_salary_and_resume_on_a_new_application(me, owner, settings):
    response = me.post(
        "/applications/new/",
        {
            "company": "Contoso",
            "role": "Analyst",
            "policy": "two-email",
            "timezone": "America/Chicago",
            "job_url": "jobs.contoso.example/analyst-42",
            "salary": "$60,000–70,000",
            "resume": SimpleUploadedFile("Alex CV.pdf", PDF, "application/pdf"),
        },
        follow=True,
    )
    app = Application.objects.get(company="Contoso")
    assert app.job_url == "https://jobs.contoso.example/analyst-42"  # https assumed
    assert app.salary == "$60,000–70,000" and app.resume_name == "Alex CV.pdf"
    assert app.resume.name.startswith(f"resumes/{owner.pk}/") and "Alex" not in app.resume.name
    html = response.text
    link = re.search(r'<a href="https://jobs\.contoso\.example/analyst-42"[^>]*>', html).group(0)
    assert 'rel="noopener noreferrer"' in link and 'target="_blank"' in link
    assert "salary: $60,000–70,000" in html and "Résumé sent: Alex CV.pdf" in html
    download = me.get(f"/applications/{app.pk}/resume/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Alex CV.pdf" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("cv.pdf", b"<html><script>alert(1)</script>", "not a real .pdf file"),
        ("cv.html", b"<html></html>", "Give a PDF, Word"),
        ("cv.txt", b"\x00\x01binary", "not plain text"),
        ("big.pdf", b"%PDF-" + b"0" * 2048, "a résumé may be up to 1.0"),
    ],
)
def test_a_resume_that_is_not_one_is_refused_and_nothing_is_kept(
    me, application, settings, name, content, error
):
    settings.FOLLOWLINE_RESUME_MAX_BYTES = 1024
    response = me.post(
        f"/applications/{application.pk}/edit/",
        {
            "company": "Contoso",
            "role": "Analyst",
            "stage": "applied",
            "policy": "two-email",
            "timezone": "America/Chicago",
            "resume": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200 and error in response.text
    assert 'class="error-summary"' in response.text
    application.refresh_from_db()
    assert not application.resume


def test_a_javascript_link_is_no_job_ad(me, application):
    response = me.post(
        f"/applications/{application.pk}/edit/",
        {
            "company": "Contoso",
            "role": "Analyst",
            "stage": "applied",
            "policy": "two-email",
            "timezone": "America/Chicago",
            "job_url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200 and "Enter a valid URL." in response.text
    application.refresh_from_db()
    assert application.job_url == ""


def test_replacing_and_removing_the_resume_deletes_the_old_file(me, application):
    form = {
        "company": "Contoso",
        "role": "Analyst",
        "stage": "applied",
        "policy": "two-email",
        "timezone": "America/Chicago",
    }
    me.post(
        f"/applications/{application.pk}/edit/",
        {**form, "resume": SimpleUploadedFile("a.pdf", PDF)},
    )
    application.refresh_from_db()
    first = application.resume.name
    storage = application.resume.storage
    assert storage.exists(first)
    me.post(
        f"/applications/{application.pk}/edit/",
        {**form, "resume": SimpleUploadedFile("b.txt", b"Alex Doe, analyst\n")},
    )
    application.refresh_from_db()
    assert not storage.exists(first) and application.resume_name == "b.txt"
    second = application.resume.name
    edit = me.get(f"/applications/{application.pk}/edit/").text
    assert "Kept now: b.txt" in edit and "Remove the résumé kept here" in edit
    me.post(f"/applications/{application.pk}/edit/", {**form, "remove_resume": "on"})
    application.refresh_from_db()
    assert not application.resume and not storage.exists(second)
    assert me.get(f"/applications/{application.pk}/resume/").status_code == 404


def test_an_archived_candidate_is_owed_nothing_and_their_page_says_so(client, teammate, opening):
    now = timezone.now()
    maria = add_candidate(opening, "Maria Lopez", 10, now, contacts=1)
    maria = Candidate.objects.get(pk=maria.pk)  # owed an update (the 7 days have passed)
    StatusUpdate.objects.create(candidate=maria, subject="s", body="b")
    assert maria.is_overdue(now)
    assert [p.candidate_name for p in employer_plans(now)] == ["Maria Lopez"]
    client.force_login(teammate)
    slug = opening.team.slug
    done = client.post(f"/teams/{slug}/candidates/{maria.pk}/archive/", follow=True)
    assert _status(done.text).startswith("Archived: Maria Lopez. Nobody is told")
    assert "Archived: nothing is owed." in done.text
    maria = Candidate.objects.get(pk=maria.pk)
    assert maria.archived and not maria.is_overdue(now)
    assert list(employer_plans(now)) == []  # no digest, no automatic update
    listed = client.get(f"/teams/{slug}/openings/{opening.pk}/").text
    assert "Maria Lopez" not in listed and "owed an update" not in listed
    assert "Maria Lopez" in client.get(f"/teams/{slug}/openings/{opening.pk}/?show=archived").text
    status = client.get(f"/s/{maria.status_token}/").text
    assert "no longer active with us" in status and "Following up" not in status
    client.post(f"/teams/{slug}/candidates/{maria.pk}/reopen/")
    assert Candidate.objects.get(pk=maria.pk).is_overdue(now)


def test_a_team_finds_a_candidate_across_its_openings(client, teammate, opening, outsider_team):
    """A caller says their name: the dashboard's search looks in every opening of the team
    (archived candidates too, said so), never in another team's."""
    now = timezone.now()
    other = opening.team.openings.create(title="Shift manager", promise_days=10)
    add_candidate(opening, "Maria Lopez", 3, now)
    add_candidate(other, "Mario Rossi", None, now)
    Candidate.objects.filter(name="Mario Rossi").update(phone="+1 312 555 0199")
    gone = add_candidate(other, "Marietta Kaye", None, now)
    Candidate.objects.filter(pk=gone.pk).update(archived_at=now)
    elsewhere = outsider_team.openings.create(title="Baker", promise_days=7)
    add_candidate(elsewhere, "Maria Outside", None, now)
    client.force_login(teammate)
    dashboard = client.get("/teams/lakeside/").text
    assert 'action="/teams/lakeside/search/"' in dashboard
    html = client.get("/teams/lakeside/search/", {"q": "mari"}).text
    assert "3 candidates with “mari”" in html
    assert "Maria Lopez" in html and "Pastry cook" in html
    assert "Mario Rossi" in html and "Shift manager" in html
    assert "Marietta Kaye" in html and ">archived<" in html
    assert "Maria Outside" not in html
    by_phone = client.get("/teams/lakeside/search/", {"q": "555 0199"}).text
    assert "Mario Rossi" in by_phone and "Maria Lopez" not in by_phone
    assert "Nobody with “zz”" in client.get("/teams/lakeside/search/", {"q": "zz"}).text
    assert client.get("/teams/elsewhere/search/", {"q": "mari"}).status_code == 404
