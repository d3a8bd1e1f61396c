"""Filing inbound mail and calls (employers/inbound.py): the application letter, phone
numbers, and filing each message once whatever runs overlap."""

from __future__ import annotations

import threading
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from followline.mail.analyse import analyse
from followline.mail.sources import RawMessage
from followline.web.employers.inbound import Outcome, file_message
from followline.web.employers.models import Candidate, CandidateContact, ImportJob


@pytest.fixture
def logged_in(client, teammate, team):
    client.force_login(teammate)
    return client


def _raw(sender, subject, body, when, message_id=None) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "jobs@lakeside.example", subject
    msg["Date"] = format_datetime(when)
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content(body)
    return msg.as_bytes()


def _mbox(*raws: bytes) -> bytes:
    return b"".join(b"From x@y Mon Jan  1 00:00:00 2024\n" + r + b"\n" for r in raws)


def _import(client, opening, data: bytes, kind="mailbox", name="in.mbox") -> ImportJob:
    url = reverse("employers:import_new", args=[opening.team.slug, opening.pk])
    client.post(url, {"kind": kind, "upload": SimpleUploadedFile(name, data)})
    return ImportJob.objects.order_by("-pk").first()


def test_the_application_letter_is_no_follow_up(logged_in, opening):
    """Application + thank-you + one inquiry is two follow-ups (triage reads it so too)."""
    now = timezone.now()
    ann = "Ann Lee <ann.lee@example.com>"
    mbox = _mbox(
        _raw(
            ann,
            "Application",
            "Please find my application for the pastry cook position attached.",
            now - timedelta(days=12),
            "<a1@x>",
        ),
        _raw(
            ann,
            "Thank you",
            "Thank you for considering my application.",
            now - timedelta(days=11),
            "<a2@x>",
        ),
        _raw(
            ann,
            "Status",
            "I wanted to follow up on the status of my application.",
            now - timedelta(days=3),
            "<a3@x>",
        ),
    )
    job = _import(logged_in, opening, mbox)
    assert (job.contacts_added, job.candidates_added) == (3, 1)
    cand = Candidate.objects.get(email="ann.lee@example.com")
    assert cand.standing == "appropriate" and cand.inbound_count == 3
    (letter,) = cand.contacts.filter(is_application=True)
    assert letter.subject == "Application"
    assert list(cand.milestones.values_list("type", "at")) == [("applied", letter.at)]
    page = logged_in.get(reverse("employers:candidate", args=[opening.team.slug, cand.pk])).text
    assert "Their application" in page and "pastry cook position attached" in page


def test_importing_twice_adds_nothing_and_says_so(logged_in, opening):
    now = timezone.now()
    mbox = _mbox(
        _raw(
            "Bo <bo@example.com>",
            "Application",
            "Please find my application attached.",
            now - timedelta(days=3),
            "<b1@x>",
        ),
        _raw(
            "Bo <bo@example.com>", "Hello", "Just checking in, any news?", now - timedelta(days=2)
        ),  # no Message-ID
    )
    first = _import(logged_in, opening, mbox)
    second = _import(logged_in, opening, mbox)
    assert (first.contacts_added, first.already_there) == (2, 0)
    assert (second.contacts_added, second.already_there, second.candidates_added) == (0, 2, 0)
    assert CandidateContact.objects.count() == 2 and Candidate.objects.count() == 1
    calls = "time,number,duration,voicemail\n" + "".join(
        f"{(now - timedelta(hours=h)).isoformat()},312-555-0100,0,no\n" for h in (1, 5)
    )
    once = _import(logged_in, opening, calls.encode(), "calls", "calls.csv")
    twice = _import(logged_in, opening, calls.encode(), "calls", "calls.csv")
    assert (once.contacts_added, twice.contacts_added, twice.already_there) == (2, 0, 2)
    page = logged_in.get(reverse("employers:import", args=[opening.team.slug, twice.pk])).text
    assert 'id="import-new">0<' in page and 'id="import-already">2<' in page


def test_a_known_candidate_gets_the_phone_number_of_their_signature(opening):
    now = timezone.now()
    bo = Candidate.objects.create(opening=opening, name="Bo", email="Bo+Jobs@Example.com")
    raw = _raw("bo@example.com", "Hello", "Any news?\n\n-- \nBo\n(312) 555-0142", now, "<p@x>")
    filed = file_message(opening.team, analyse(RawMessage("t", raw)), opening=opening)
    assert filed.outcome is Outcome.NEW and filed.candidate.pk == bo.pk
    bo.refresh_from_db()
    assert (bo.phone, bo.phone_key) == ("+13125550142", "+13125550142")
    again = file_message(opening.team, analyse(RawMessage("t", raw)), opening=opening)
    assert again.outcome is Outcome.ALREADY and bo.contacts.count() == 1


def test_mail_filed_onto_a_candidate_is_read_as_job_mail(opening):
    """Read as a mailbox comes (triage), the job model doubts this thank-you; filed onto a
    candidate, it is job mail by context and its kind is read without that doubt."""
    now = timezone.now()
    Candidate.objects.create(opening=opening, name="Cy", email="cy@example.com")
    body = "I wanted to thank you and Stinson for lunch last week. It was great to learn more."
    message = analyse(RawMessage("t", _raw("cy@example.com", "lunch", body, now, "<l@x>")))
    assert message.classification.label == "not_job"  # read without context
    filed = file_message(opening.team, message, opening=opening)
    assert (filed.contact.kind, filed.contact.kind_label) == ("thank_you", "thank_you")
    assert filed.contact.kind_confidence > 0.5 and "thank" in filed.contact.kind_evidence


def test_mail_read_in_context_is_filed_with_that_reading(opening):
    """The import and the hiring mailbox analyse mail as job mail: the contact keeps that
    reading (from the words above the quote, signature and all), not a second one."""
    now = timezone.now()
    body = (
        "Thank you for your time today, I enjoyed meeting the team.\n\n"
        "Best regards,\nCy Young\n(312) 555-0142\n"
    )
    raw = _raw("cy@example.com", "Thank you", body, now, "<t@x>")
    message = analyse(RawMessage("t", raw), job_mail=True)
    assert "555" not in message.body  # the contact keeps the text without its signature
    contact = file_message(opening.team, message, opening=opening).contact
    read = message.classification
    assert (contact.kind_label, contact.kind_confidence) == (read.label, read.confidence)
    assert contact.kind_evidence == read.evidence[0][:300]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_file_a_message_once(opening):
    """Two workers file the same new sender's message at the same moment (PostgreSQL: the
    team lock makes the second wait, then find it filed)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite: one worker)")
    raw = _raw(
        "New <new@example.com>",
        "Application",
        "Please find my application attached.",
        timezone.now(),
        "<n@x>",
    )
    message = analyse(RawMessage("t", raw))
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(file_message(opening.team, message, opening=opening).outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [Outcome.ALREADY, Outcome.NEW]
    assert Candidate.objects.filter(email_key="new@example.com").count() == 1
    assert CandidateContact.objects.count() == 1
