"""Same answers everywhere: one mailbox read by ``followline triage``, by the import screen
(twice) and by the hiring-mailbox sync (a real Dovecot) gives the same candidates, the same
contact counts and the same standings; the second import adds nothing, and neither does
an import of the mailbox the sync already read.

The mailbox, as a small bakery's hiring inbox holds it:

* Ann applies, is interviewed (the team logs it; triage reads it from the interviews
  CSV), thanks them the same day and asks for news after the stated decision date;
* Bob applies, thanks them for considering it, and asks for news a week later (never
  interviewed): the application is no follow-up, so this is two follow-ups, not three;
* Carl never applied by mail: he checks in, then sends the very same letter again;
* Dee applies with a message that has no Message-ID (filed under a content hash);
* a spammer writes once.
"""

from __future__ import annotations

import json
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followline.cli import main
from followline.web.employers.models import Candidate, ImportJob, Membership, Opening, Role, Team
from followline.web.mailsync.models import InboundMessage
from followline.web.mailsync.sync import connect_account, sync_account

pytestmark = pytest.mark.django_db

INTERVIEW_DAYS_AGO, DECISION_DAYS = 10, 7


def _messages(now):
    day = timedelta(days=1)
    ann, bob = "Ann Lee <ann.lee@example.com>", "Bob Diaz <bob@example.org>"
    carl, dee = "Carl Stone <carl@example.net>", "Dee Park <dee@example.com>"
    interview = now - INTERVIEW_DAYS_AGO * day
    checking = "Hello, I am checking in about the pastry cook role, is there any news?"
    return [
        (
            ann,
            "Application for the pastry cook position",
            "Please find attached my application for the pastry cook position.",
            now - 20 * day,
        ),
        (
            bob,
            "Application",
            "Please find my application for the pastry cook position attached.",
            now - 12 * day,
        ),
        (bob, "Thank you", "Thank you for considering my application.", now - 11 * day),
        (
            ann,
            "Thank you",
            "Thank you for your time today, I enjoyed meeting the team.",
            interview + timedelta(hours=3),
        ),
        (carl, "Checking in", checking, now - 6 * day),
        (carl, "Checking in", checking, now - 5 * day),
        (
            "Best Deals <deals@spam.example>",
            "WIN $$$ NOW",
            "Click here to claim your FREE prize!!! Act now, limited offer, viagra, casino.",
            now - 4 * day,
        ),
        (
            bob,
            "Status of my application",
            "I wanted to follow up on the status of my application.",
            now - 3 * day,
        ),
        (
            ann,
            "Status of my application",
            "I wanted to follow up on the status of my application.",
            now - 2 * day,
        ),
        (
            dee,
            "Application",
            "Please find my application for the pastry cook position attached.",
            now - 1 * day,
        ),
    ]


def _raw(number: int, sender: str, subject: str, body: str, when) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "jobs@lakeside.example", subject
    msg["Date"] = format_datetime(when)
    if not sender.startswith("Dee"):
        msg["Message-ID"] = f"<m{number}@mail.example>"
    msg.set_content(body)
    return msg.as_bytes()


def _triage(tmp_path, raws, now) -> dict[str, tuple[int, int, str]]:
    mbox = tmp_path / "hiring.mbox"
    mbox.write_bytes(b"".join(b"From x@y Mon Jan  1 00:00:00 2024\n" + r + b"\n" for r in raws))
    interviews = tmp_path / "interviews.csv"
    at = (now - timedelta(days=INTERVIEW_DAYS_AGO)).isoformat()
    interviews.write_text(
        f"candidate,interview,decision_within_days\nann.lee@example.com,{at},{DECISION_DAYS}\n"
    )
    args = ["triage", str(mbox), "--interviews", str(interviews), "--json"]
    result = CliRunner().invoke(main, [*args, "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    return {
        r["candidate"]: (r["messages"], len(r["contacts"]), r["standing"])
        for r in records
        if r["type"] == "candidate"
    }


def _interviewed(opening: Opening, now) -> None:
    """What the team logs by hand: Ann's interview."""
    ann = Candidate.objects.get(opening=opening, email_key="ann.lee@example.com")
    ann.log_milestone(
        now,
        type="interview",
        at=now - timedelta(days=INTERVIEW_DAYS_AGO),
        decision_within_days=DECISION_DAYS,
    )


def _answers(opening: Opening, now) -> dict[str, tuple[int, int, str]]:
    out = {}
    for candidate in opening.candidates.for_judging():
        candidate.rejudge(now)
        out[candidate.email_key] = (
            len(candidate.contacts.all()),
            len(candidate.judged_contacts()),
            candidate.standing,
        )
    return out


def _opening(name: str, boss) -> Opening:
    team = Team.objects.create(name=name, slug=name.lower())
    Membership.objects.create(team=team, user=boss, role=Role.OWNER)
    return Opening.objects.create(team=team, title="Pastry cook", promise_days=7)


def test_triage_import_and_hiring_mailbox_agree(tmp_path, settings, django_user_model, imap_user):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    now = timezone.now().replace(microsecond=0)
    raws = [_raw(i, *m) for i, m in enumerate(_messages(now))]
    expected = _triage(tmp_path, raws, now)
    assert expected == {
        "ann.lee@example.com": (3, 2, "appropriate"),
        "bob@example.org": (3, 2, "appropriate"),
        "carl@example.net": (2, 2, "excessive"),
        "dee@example.com": (1, 0, "appropriate"),
    }
    boss = django_user_model.objects.create_user("boss", "boss@lakeside.example", "pw")

    # the import screen, twice
    imported = _opening("Imported", boss)
    client = Client()
    client.force_login(boss)
    url = reverse("employers:import_new", args=[imported.team.slug, imported.pk])
    mbox = (tmp_path / "hiring.mbox").read_bytes()
    for _ in range(2):
        upload = SimpleUploadedFile("hiring.mbox", mbox, content_type="application/mbox")
        assert client.post(url, {"kind": "mailbox", "upload": upload}).status_code == 302
    first, second = ImportJob.objects.order_by("pk")
    assert (first.contacts_added, first.already_there, first.spam) == (9, 0, 1)
    assert (second.messages, second.contacts_added, second.already_there) == (10, 0, 9)
    assert second.candidates_added == 0
    progress = client.get(reverse("employers:import", args=[imported.team.slug, second.pk]))
    assert 'id="import-already">9<' in progress.text
    _interviewed(imported, now)
    assert _answers(imported, now) == expected

    # the hiring mailbox over IMAP (a real Dovecot)
    synced = _opening("Synced", boss)
    account = connect_account(
        boss,
        host="127.0.0.1",
        port=imap_user.port,
        use_ssl=False,
        username=imap_user.username,
        password=imap_user.password,
        side="employer",
        team_id=synced.team_id,
    )
    account.opening_id = synced.pk
    account.save()
    client_imap = imap_user.client()
    try:
        for raw in raws:
            client_imap.append("INBOX", raw)
    finally:
        client_imap.logout()
    assert sync_account(account).stored == 10
    _interviewed(synced, now)
    assert _answers(synced, now) == expected
    outcomes = list(InboundMessage.objects.values_list("outcome", flat=True))
    assert outcomes.count("spam") == 1

    # the same mailbox again, through a renumbered folder and through the import screen:
    # nothing is filed twice
    account.uidvalidity = None
    account.save()
    sync_account(account)
    url = reverse("employers:import_new", args=[synced.team.slug, synced.pk])
    upload = SimpleUploadedFile("hiring.mbox", mbox, content_type="application/mbox")
    assert client.post(url, {"kind": "mailbox", "upload": upload}).status_code == 302
    overlap = ImportJob.objects.get(opening=synced)
    assert (overlap.contacts_added, overlap.already_there, overlap.spam) == (0, 9, 1)
    assert _answers(synced, now) == expected
