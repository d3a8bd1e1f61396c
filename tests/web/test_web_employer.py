"""The employer workspace through its views: openings and their line, the overdue list,
the bulk status update, imports, and the public pages."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from followline.web.employers.models import Candidate, ImportJob, Opening, StatusUpdate

from .conftest import add_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, teammate, team):
    client.force_login(teammate)
    return client


def _opening_form(**over):
    data = {
        "title": "Baker",
        "location": "Evanston",
        "promise_days": "5",
        "timezone": "UTC",
        "preset": "two-email",
        "budget": "2",
        "thank_you_within_days": "2",
        "status_wait_days": "7",
        "call_burst_count": "3",
    }
    data.update(over)
    return data


def test_opening_with_edited_line_is_checked_by_the_engine(logged_in, team):
    url = reverse("employers:opening_create", args=[team.slug])
    bad = logged_in.post(url, _opening_form(customise="on", call_burst_count="1"))
    assert bad.status_code == 200 and "The line does not accept this" in bad.text
    assert not Opening.objects.filter(title="Baker").exists()
    ok = logged_in.post(url, _opening_form(customise="on", budget="1"))
    assert ok.status_code == 302
    opening = Opening.objects.get(title="Baker")
    assert opening.policy == {
        "preset": "two-email",
        "custom": {
            "budget": 1,
            "thank_you_within_days": 2,
            "status_wait_days": 7,
            "call_burst_count": 3,
        },
    }
    page = logged_in.get(reverse("public:policy", args=[opening.public_slug])).text
    assert "We reply within 5 days." in page
    assert "Up to 1 follow-up per interview" in page


def test_overdue_candidates_listed_and_updated_in_bulk(logged_in, opening, teammate):
    now = timezone.now()
    late = add_candidate(opening, "Late Person", 10, now)  # promise (7 days) lapsed
    fresh = add_candidate(opening, "Fresh Person", 2, now)  # promise still running
    page = logged_in.get(reverse("employers:opening", args=[opening.team.slug, opening.pk]))
    assert "Owed an update (1)" in page.text
    overdue_only = logged_in.get(
        reverse("employers:opening", args=[opening.team.slug, opening.pk]) + "?show=overdue"
    )
    assert "Late Person" in overdue_only.text and "Fresh Person" not in overdue_only.text

    updates_url = reverse("employers:updates", args=[opening.team.slug])
    form = logged_in.get(updates_url).text
    assert f'value="{late.pk}"' in form and f'value="{fresh.pk}"' not in form
    r = logged_in.post(
        updates_url,
        {
            "candidates": [late.pk],
            "subject": "Where we are",
            "body": "Still deciding, answer by Friday.",
            "decision_within_days": "4",
        },
    )
    assert r.status_code == 302
    update = StatusUpdate.objects.get(candidate=late)
    assert update.state == "queued" and update.created_by == teammate
    late.refresh_from_db()
    assert not late.is_overdue(timezone.now())
    assert late.promise_due_at > now + timedelta(days=3)
    assert "Queued" in logged_in.get(updates_url).text
    status = logged_in.get(reverse("public:status", args=[late.status_token])).text
    assert "Still deciding, answer by Friday." in status
    assert "You will hear from us by" in status


def test_updates_form_refuses_candidates_not_owed(logged_in, opening):
    fresh = add_candidate(opening, "Fresh Person", 2, timezone.now())
    r = logged_in.post(
        reverse("employers:updates", args=[opening.team.slug]),
        {"candidates": [fresh.pk], "subject": "x", "body": "y", "decision_within_days": "3"},
    )
    assert r.status_code == 200 and not StatusUpdate.objects.exists()


def _mbox(messages) -> bytes:
    out = []
    for sender, subject, body, when in messages:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, "jobs@lakeside.example", subject
        msg["Date"] = format_datetime(when)
        msg.set_content(body)
        out.append(b"From sender@example.org Mon Jan  1 00:00:00 2024\n" + msg.as_bytes() + b"\n")
    return b"".join(out)


def test_mailbox_import_threads_judges_and_escapes(logged_in, opening):
    now = timezone.now()
    maria = add_candidate(opening, "Maria Lopez", 3, now)
    mbox = _mbox(
        [
            (
                "Maria Lopez <Maria.Lopez@example.org>",
                "Thank you",
                "Thank you for your time on Monday. <script>alert(1)</script>",
                now - timedelta(days=2),
            ),
            (
                "New Person <new@example.org>",
                "Application",
                "I would like to apply.",
                now - timedelta(days=1),
            ),
            (
                "Maria Lopez <maria.lopez@example.org>",
                "Thank you",
                "Thank you for your time on Monday. <script>alert(1)</script>",
                now - timedelta(hours=5),
            ),
        ]
    )
    upload = SimpleUploadedFile("hiring.mbox", mbox, content_type="application/mbox")
    r = logged_in.post(
        reverse("employers:import_new", args=[opening.team.slug, opening.pk]),
        {"kind": "mailbox", "upload": upload},
    )
    assert r.status_code == 302
    job = ImportJob.objects.get()
    assert (job.state, job.messages, job.contacts_added, job.candidates_added) == ("done", 3, 3, 1)
    assert job.duplicates == 1  # the same letter sent twice, recognised by triage
    second = maria.contacts.filter(import_job=job).order_by("at").last()
    assert second.duplicate_of == maria.contacts.filter(import_job=job).order_by("at").first()
    progress = logged_in.get(r["Location"]).text
    assert "Done" in progress and "See the candidates" in progress
    maria.refresh_from_db()
    assert maria.inbound_count == 2 and maria.standing == "excessive"  # a second thank-you
    page = logged_in.get(reverse("employers:candidate", args=[opening.team.slug, maria.pk]))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text
    new = Candidate.objects.get(email="new@example.org", opening=opening)
    assert list(new.milestones.values_list("type", flat=True)) == ["applied"]
    assert new.promise_due_at is not None  # "we reply within 7 days" runs from the application


def test_signature_phone_links_the_call_log_to_a_new_sender(logged_in, opening):
    now = timezone.now()
    mbox = _mbox(
        [
            (
                "Ann Lee <ann.lee@example.com>",
                "Application",
                "I would like to apply for the pastry cook position.\n\n-- \nAnn Lee\n"
                "(312) 555-0142",
                now - timedelta(days=2),
            )
        ]
    )
    url = reverse("employers:import_new", args=[opening.team.slug, opening.pk])
    logged_in.post(url, {"kind": "mailbox", "upload": SimpleUploadedFile("in.mbox", mbox)})
    rows = ["time,number,duration,voicemail"] + [
        f"{(now - timedelta(hours=h)).isoformat()},312.555.0142,0:05,no" for h in (1, 2, 3)
    ]
    logged_in.post(
        url, {"kind": "calls", "upload": SimpleUploadedFile("calls.csv", "\n".join(rows).encode())}
    )
    ann = Candidate.objects.get(email="ann.lee@example.com")
    assert ann.phone == "+13125550142" and ann.inbound_count == 4
    assert ann.standing == "harassing" and Candidate.objects.count() == 1


OUTLOOK_SAMPLE = (
    Path(__file__).resolve().parents[2].parent / "shared/corpora/outlook-msg/unicode.msg"
)


def test_outlook_msg_import_and_a_damaged_one_named_in_the_result(logged_in, opening):
    url = reverse("employers:import_new", args=[opening.team.slug, opening.pk])
    data = OUTLOOK_SAMPLE.read_bytes()
    r = logged_in.post(url, {"kind": "mailbox", "upload": SimpleUploadedFile("letter.msg", data)})
    job = ImportJob.objects.get()
    assert (job.state, job.messages, job.contacts_added, job.unreadable) == ("done", 1, 1, 0)
    assert Candidate.objects.filter(email="brizhou@gmail.com", opening=opening).exists()
    assert job.problems == []

    logged_in.post(
        url, {"kind": "mailbox", "upload": SimpleUploadedFile("broken.msg", data[:4096])}
    )
    broken = ImportJob.objects.exclude(pk=job.pk).get()
    assert (broken.state, broken.messages, broken.unreadable) == ("done", 1, 1)
    assert broken.problems[0].startswith("broken.msg: damaged Outlook .msg file")
    page = logged_in.get(reverse("employers:import", args=[opening.team.slug, broken.pk])).text
    assert 'id="import-problems"' in page and "broken.msg: damaged Outlook .msg file" in page
    assert r.status_code == 302


def test_import_progress_fragment_for_htmx(logged_in, opening, teammate):
    job = ImportJob.objects.create(
        opening=opening,
        filename="big.mbox",
        upload="big.mbox",
        state="running",
        total=200,
        done=50,
        created_by=teammate,
    )
    url = reverse("employers:import", args=[opening.team.slug, job.pk])
    fragment = logged_in.get(url, headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<div class="card" id="import-progress"')
    assert 'hx-trigger="every 1s"' in fragment and 'value="25"' in fragment


def test_call_log_import_flags_a_burst(logged_in, opening):
    now = timezone.now()
    tom = add_candidate(opening, "Tom Becker", 4, now)
    tom.phone = "+1 (312) 555-0199"
    tom.save()
    rows = ["time,number,duration,voicemail"] + [
        f"{(now - timedelta(days=1, hours=h)).isoformat()},312-555-0199,0,no" for h in (1, 2, 3)
    ]
    upload = SimpleUploadedFile("calls.csv", "\n".join(rows).encode(), content_type="text/csv")
    logged_in.post(
        reverse("employers:import_new", args=[opening.team.slug, opening.pk]),
        {"kind": "calls", "upload": upload},
    )
    tom.refresh_from_db()
    assert tom.inbound_count == 3 and tom.standing == "harassing"


def test_flagged_tab_lists_those_who_crossed_the_line(logged_in, opening):
    now = timezone.now()
    add_candidate(opening, "Calm Person", 3, now, contacts=1)
    add_candidate(opening, "Pushy Person", 3, now, contacts=3)  # three thank-yous
    url = reverse("employers:opening", args=[opening.team.slug, opening.pk])
    page = logged_in.get(url + "?show=flagged").text
    assert "Pushy Person" in page and "Calm Person" not in page


def test_broken_file_fails_the_job_with_a_message(logged_in, opening):
    upload = SimpleUploadedFile("calls.csv", b"when,who\nyesterday,me\n", content_type="text/csv")
    logged_in.post(
        reverse("employers:import_new", args=[opening.team.slug, opening.pk]),
        {"kind": "calls", "upload": upload},
    )
    job = ImportJob.objects.get()
    assert job.state == "failed" and "calls.csv:2: no " in job.error  # file, line, what


def test_status_page_needs_the_exact_token(client, candidate):
    assert len(candidate.status_token) >= 43  # 32 random bytes = 256 bits
    assert client.get(reverse("public:status", args=[candidate.status_token])).status_code == 200
    wrong = candidate.status_token[:-1] + ("A" if candidate.status_token[-1] != "A" else "B")
    assert client.get(reverse("public:status", args=[wrong])).status_code == 404
    page = client.get(reverse("public:status", args=[candidate.status_token])).text
    assert "are late" in page  # the fixture candidate's promise has lapsed


def test_members_added_by_owner(client, owner, team, outsider):
    client.force_login(owner)
    r = client.post(reverse("employers:members", args=[team.slug]), {"email": outsider.email})
    assert r.status_code == 302 and team.memberships.filter(user=outsider).exists()


def test_team_creation_makes_the_creator_owner(client, outsider):
    client.force_login(outsider)
    r = client.post(reverse("employers:teams"), {"name": "Acme & Sons"})
    assert r.status_code == 302 and r["Location"] == "/teams/acme-sons/"
    assert outsider.memberships.get().role == "owner"


def test_a_zipped_folder_of_msg_files_imports_like_a_mailbox(logged_in, opening):
    """The import screen takes one file: a folder of Outlook .msg files comes zipped
    (Windows: Send to > Compressed folder), read member by member like the folder."""
    samples = OUTLOOK_SAMPLE.parent
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Saved mail/unicode.msg", (samples / "unicode.msg").read_bytes())
        archive.writestr("Saved mail/draft.msg", (samples / "strangeDate.msg").read_bytes())
        archive.writestr("Saved mail/broken.msg", (samples / "unicode.msg").read_bytes()[:4096])
    url = reverse("employers:import_new", args=[opening.team.slug, opening.pk])
    upload = SimpleUploadedFile("Saved mail.zip", buffer.getvalue())
    logged_in.post(url, {"kind": "mailbox", "upload": upload})
    job = ImportJob.objects.get()
    # the unsent draft has no sender: it is no one's contact (counted unreadable, as in an mbox)
    assert (job.state, job.messages, job.unreadable, job.contacts_added) == ("done", 3, 2, 1)
    assert Candidate.objects.filter(email="brizhou@gmail.com", opening=opening).exists()
    [problem] = job.problems
    assert problem.startswith("Saved mail.zip/Saved mail/broken.msg: damaged Outlook .msg file")
    # the same archive again adds nothing
    logged_in.post(
        url, {"kind": "mailbox", "upload": SimpleUploadedFile("again.zip", buffer.getvalue())}
    )
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert (again.contacts_added, again.already_there) == (0, 1)
