"""Notifications in the app: what the worker and the imports did, a list with the unread
count in every page's header, opening one marks it read, mark one or all as read; each
person sees only their own, and a notice never links outside the site."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from followline.web.employers import import_guard
from followline.web.employers.models import ImportJob
from followline.web.notices.models import Notice
from followline.web.notices.notify import notify
from followline.web.outbox.models import OutboxMessage, OutboxState, SmtpAccount
from followline.web.outbox.sender import SenderConfig, mark_failed_attempt

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
MBOX = (
    b"From x@example.org Mon Jan  1 00:00:00 2024\n"
    b"From: Pat Doe <pat@example.org>\nSubject: Application: pastry cook\n"
    b"Date: Mon, 30 Nov 2026 10:00:00 -0600\n\n"
    b"I would like to apply for the pastry cook position. My resume is attached.\n\n"
)


def _unread_badge(html: str) -> str | None:
    m = re.search(r'id="notices-link"[^>]*>Notifications(?: <span class="count">(\d+))?', html)
    assert m, "no notifications link in the header"
    return m.group(1)


def test_the_list_the_header_count_and_reading(client, owner, outsider, application):
    client.force_login(owner)
    assert _unread_badge(client.get("/applications/").text) is None
    empty = client.get("/notifications/").text
    assert "No notifications yet" in empty
    first = notify(owner.pk, "reply", "Contoso wrote", url=application.get_absolute_url())
    notify(owner.pk, "import", "The import of a.mbox is done")
    notify(outsider.pk, "reply", "Someone else's news")
    assert _unread_badge(client.get("/applications/").text) == "2"
    page = client.get("/notifications/").text
    assert "Contoso wrote" in page and "Someone else's news" not in page
    assert "Notifications (2 unread)" in page  # the title says where you are, and how many
    opened = client.get(f"/notifications/{first.pk}/")
    assert opened.status_code == 302 and opened["Location"] == application.get_absolute_url()
    assert _unread_badge(client.get("/applications/").text) == "1"
    unread = client.get("/notifications/?show=unread").text
    assert "Contoso wrote" not in unread and "a.mbox" in unread
    done = client.post("/notifications/read/", follow=True).text
    assert "1 notification marked as read." in done and _unread_badge(done) is None
    client.force_login(outsider)
    assert client.get(f"/notifications/{first.pk}/").status_code == 404
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 404


def test_mark_one_as_read(client, owner):
    client.force_login(owner)
    notice = notify(owner.pk, "mailbox", "The mailbox needs reconnecting", problem=True)
    page = client.get("/notifications/").text
    assert "needs a look" in page and "Mark as read<span" in page
    done = client.post(f"/notifications/{notice.pk}/read/", follow=True).text
    assert "Marked as read: The mailbox needs reconnecting" in done
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example"]
)
def test_a_notice_never_leads_off_the_site(client, owner, url):
    notice = notify(owner.pk, "reply", "x", url=url)
    assert notice.url == ""
    client.force_login(owner)
    assert client.get(f"/notifications/{notice.pk}/")["Location"] == "/notifications/"


def test_the_same_key_makes_one_notice():
    from django.contrib.auth import get_user_model

    ann = get_user_model().objects.create_user("ann", "ann@example.org", "x" * 12)
    assert notify(ann.pk, "reminder", "once", key="reminder:1") is not None
    assert notify(ann.pk, "reminder", "twice", key="reminder:1") is None
    assert Notice.objects.filter(user=ann).count() == 1


def test_an_import_tells_whoever_started_it_how_it_ended(client, teammate, team, opening):
    client.force_login(teammate)
    client.post(
        f"/teams/lakeside/openings/{opening.pk}/import/",
        {"kind": "mailbox", "upload": SimpleUploadedFile("photo.png", PNG, "image/png")},
    )
    client.post(
        f"/teams/lakeside/openings/{opening.pk}/import/",
        {"kind": "mailbox", "upload": SimpleUploadedFile("hiring.mbox", MBOX)},
    )
    failed, done = Notice.objects.filter(user=teammate, kind="import").order_by("pk")
    assert failed.problem and failed.text.startswith(
        "The import of photo.png into Pastry cook read nothing: the file was not a mailbox"
    )
    assert not done.problem and done.text == (
        "The import of hiring.mbox into Pastry cook is done: 1 new contact, "
        "1 new candidate, 0 already there."
    )
    job = ImportJob.objects.get(filename="hiring.mbox")
    assert done.url == f"/teams/lakeside/imports/{job.pk}/"
    assert _unread_badge(client.get("/teams/").text) == "2"


def test_an_import_whose_worker_died_is_failed_and_said(teammate, opening):
    job = ImportJob.objects.create(
        opening=opening, filename="x.mbox", upload="x.mbox", state="running", created_by=teammate
    )
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=2))
    assert import_guard.recover() == {"failed": 1}
    (notice,) = Notice.objects.filter(user=teammate)
    assert notice.problem and "x.mbox into Pastry cook failed: The worker stopped" in notice.text


def test_a_draft_that_cannot_be_sent_tells_its_sender(owner, application):
    smtp = SmtpAccount.objects.create(owner=owner, host="smtp.example", from_email="o@x.org")
    row = OutboxMessage.objects.create(
        from_email="o@x.org",
        to=["hr@contoso.example"],
        subject="Thank you",
        text="Thanks",
        message_id="<1@x>",
        ref=f"application:{application.pk}",
        smtp_account=smtp,
        state=OutboxState.SENDING,
        claimed_by="w",
        attempts=1,
    )
    cfg = SenderConfig(worker="w", max_attempts=1)
    error = OSError("550 mailbox unavailable")
    assert mark_failed_attempt(row, cfg, error, timezone.now()) == OutboxState.FAILED
    (notice,) = Notice.objects.filter(user=owner, kind="mail")
    assert notice.problem and notice.url == f"/applications/{application.pk}/"
    assert notice.text.startswith("Your mail “Thank you” to hr@contoso.example could not be sent")
