"""Feedback on every action, through the views: a message after each create, update and
delete (in the status region the page script focuses), errors summarised at the top of the
form and linked to their fields, deletes that offer their undo, unique ids with a label for
every field, and an import that says when and why it failed.

URLs are written out (not reversed) so that these tests hold whatever the apps are named.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from followline.web.employers.models import ImportJob

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def _status(html: str) -> str:
    """The words of the message region (role=status), tags stripped."""
    m = re.search(
        r'<div class="flash" id="messages" role="status" tabindex="-1">(.*?)</div>', html, re.S
    )
    assert m, "no message region on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(1))).strip()


def _ids_and_labels(html: str) -> tuple[Counter, set[str], list[str]]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    fields = [
        m.group(2)
        for m in re.finditer(r"<(input|select|textarea)\b[^>]*\sid=\"([^\"]+)\"[^>]*>", html)
        if 'type="hidden"' not in m.group(0)
    ]
    return ids, labelled, fields


@pytest.fixture
def candidate_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def employer_client(client, teammate, team):
    client.force_login(teammate)
    return client


def test_application_page_has_unique_ids_and_a_label_for_every_field(candidate_client, application):
    html = candidate_client.get(f"/applications/{application.pk}/").text
    ids, labelled, fields = _ids_and_labels(html)
    assert [i for i, n in ids.items() if n > 1] == []
    assert "id_milestone_at" in fields and "id_at" in fields  # the two forms' "When"
    assert [f for f in fields if f not in labelled] == []


def test_employer_candidate_page_has_unique_ids_and_labels(employer_client, candidate):
    html = employer_client.get(f"/teams/lakeside/candidates/{candidate.pk}/").text
    ids, labelled, fields = _ids_and_labels(html)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [f for f in fields if f not in labelled] == []


def test_mail_page_has_unique_ids_and_a_label_for_every_field(candidate_client):
    """The mailbox (IMAP) and outgoing server (SMTP) forms both ask for a host, port, user
    name and password: each field keeps its own id, so each label names its own field."""
    html = candidate_client.get("/mail/").text
    ids, labelled, fields = _ids_and_labels(html)
    assert [i for i, n in ids.items() if n > 1] == []
    assert "id_host" in fields and "id_smtp_host" in fields
    assert [f for f in fields if f not in labelled] == []


def test_creating_an_application_says_so(candidate_client):
    response = candidate_client.post(
        "/applications/new/",
        {"company": "Contoso", "role": "Analyst", "policy": "two-email", "timezone": "UTC"},
        follow=True,
    )
    assert "Application added: Analyst at Contoso" in _status(response.text)


def test_logging_a_contact_says_what_was_logged_and_the_plan_now(candidate_client, application):
    at = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = candidate_client.post(
        f"/applications/{application.pk}/contacts/",
        {"party": "candidate", "at": at, "channel": "email", "kind": "status_inquiry"},
        follow=True,
    )
    words = _status(response.text)
    assert words.startswith("Logged: your status inquiry, ") and "Next:" in words


def test_deleting_says_what_went_and_offers_to_undo_it(candidate_client, application):
    contact = application.contacts.first()
    response = candidate_client.post(
        f"/applications/{application.pk}/contacts/{contact.pk}/delete/", follow=True
    )
    assert _status(response.text).startswith("Deleted: your thank-you, ")
    assert not application.contacts.filter(pk=contact.pk).exists()
    token = re.search(r'name="token" value="([^"]+)"', response.text).group(1)
    assert "Undo the delete" in response.text
    restored = candidate_client.post("/applications/undo/", {"token": token}, follow=True)
    assert _status(restored.text).startswith("Restored. Next:")
    again = application.contacts.get(pk=contact.pk)  # the same row, the same id
    assert (again.kind, again.at) == (contact.kind, contact.at)
    twice = candidate_client.post("/applications/undo/", {"token": token}, follow=True)
    assert "Nothing to undo" in _status(twice.text)
    assert application.contacts.count() == 1


def test_an_undo_needs_the_last_deletes_token_and_only_restores_ones_own(
    candidate_client, application, client, outsider
):
    milestone = application.milestones.first()
    candidate_client.post(f"/applications/{application.pk}/milestones/{milestone.pk}/delete/")
    wrong = candidate_client.post("/applications/undo/", {"token": "guess"}, follow=True)
    assert "Nothing to undo" in _status(wrong.text)
    assert not application.milestones.filter(pk=milestone.pk).exists()
    client.force_login(outsider)  # another person's session has nothing to undo
    assert "Nothing to undo" in _status(
        client.post("/applications/undo/", {"token": "guess"}, follow=True).text
    )


def test_a_form_error_is_summarised_at_the_top_and_linked_to_its_field(
    candidate_client, application
):
    response = candidate_client.post(
        f"/applications/{application.pk}/milestones/", {"type": "interview", "at": "soon"}
    )
    assert response.status_code == 400
    html = response.text
    summary = html[html.index('class="error-summary"') :]
    assert 'role="alert"' in html[html.index('class="error-summary"') - 40 :][:120]
    assert '<a href="#id_milestone_at">When: Enter a valid date/time.</a>' in summary
    assert 'aria-invalid="true"' in html and 'id="id_milestone_at_error"' in html


def test_employer_actions_say_so(employer_client, opening, candidate):
    response = employer_client.post(
        f"/teams/lakeside/candidates/{candidate.pk}/contacts/",
        {
            "party": "employer",
            "at": timezone.now().strftime("%Y-%m-%dT%H:%M"),
            "channel": "email",
            "kind": "update",
        },
        follow=True,
    )
    assert _status(response.text).startswith("Logged: your status update, ")
    response = employer_client.post(
        f"/teams/lakeside/openings/{opening.pk}/candidates/new/",
        {"name": "Pat Doe", "email": "pat@example.org", "phone": ""},
        follow=True,
    )
    assert "Candidate added: Pat Doe" in _status(response.text)


def test_an_image_uploaded_as_a_mailbox_fails_and_says_why(employer_client, opening):
    response = employer_client.post(
        f"/teams/lakeside/openings/{opening.pk}/import/",
        {"kind": "mailbox", "upload": SimpleUploadedFile("photo.png", PNG, "image/png")},
        follow=True,
    )
    job = ImportJob.objects.get()
    assert job.nothing_read and job.contacts_added == 0  # the job ran; it read nothing
    html = response.text
    assert '<strong id="import-state">Nothing imported</strong>' in html
    assert "The import failed" in html and "See the candidates" not in html
    assert "Nothing in photo.png could be read, so nothing was imported." in html
    assert "Expected a mailbox: an mbox file" in html
    assert re.search(r'role="status" id="import-live">Import failed: nothing in photo\.png ', html)


def test_import_progress_is_labelled_and_announced(employer_client, opening, teammate):
    job = ImportJob.objects.create(
        opening=opening,
        filename="big.mbox",
        upload="big.mbox",
        state="running",
        total=200,
        done=50,
        created_by=teammate,
    )
    page = employer_client.get(f"/teams/lakeside/imports/{job.pk}/").text
    assert '<label for="import-bar"' in page and '<progress id="import-bar"' in page
    assert 'role="status" id="import-live">Reading: 25% done.' in page
    assert page.count('id="import-live"') == 1
    fragment = employer_client.get(
        f"/teams/lakeside/imports/{job.pk}/", headers={"HX-Request": "true"}
    ).text
    assert '<p id="import-live" hx-swap-oob="innerHTML">Reading: 25% done.' in fragment


def test_first_run_one_form_gives_a_dated_plan(candidate_client):
    """Applied date, interview and what they said, in the new-application form: the first
    plan is a real one (not "Next: nothing")."""
    html = candidate_client.get("/applications/new/").text
    assert html.index('name="applied_on"') < html.index('name="contact_name"')
    interview = timezone.now() - timedelta(hours=20)
    response = candidate_client.post(
        "/applications/new/",
        {
            "company": "Contoso",
            "role": "Analyst",
            "applied_on": (interview - timedelta(days=10)).date().isoformat(),
            "interview_at": interview.strftime("%Y-%m-%dT%H:%M"),
            "decision_within_days": "5",
            "policy": "two-email",
            "timezone": "UTC",
        },
        follow=True,
    )
    words = _status(response.text)
    assert "Application added" in words
    assert "Next: your thank-you, by email, today." in words
    html = candidate_client.get(response.redirect_chain[-1][0] + "edit/").text
    assert 'name="applied_on"' not in html  # milestones are edited on the application page
