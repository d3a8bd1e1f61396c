"""The Mail & calendar pages: connect a real mailbox (Dovecot), password never shown again;
team page toggles automatic updates."""

from __future__ import annotations

import pytest

from followline.web.employers.models import Membership, Opening, Role, Team
from followline.web.mailsync.models import MailAccount
from followline.web.outbox.models import AutoUpdateSetting, CalendarFeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(django_user_model, client):
    user = django_user_model.objects.create_user("ann", "ann@candidate.test", "pw")
    client.force_login(user)
    return user


def test_connect_a_mailbox_and_the_password_is_never_shown(client, ann, imap_user):
    form = {
        "connect": "1",
        "host": "127.0.0.1",
        "port": imap_user.port,
        "use_ssl": "",
        "username": imap_user.username,
        "password": imap_user.password,
        "folder": "INBOX",
    }
    response = client.post("/mail/", form)
    assert response.status_code == 302
    account = MailAccount.objects.get(owner=ann)
    assert account.password() == imap_user.password
    page = client.get("/mail/").content.decode()
    assert imap_user.username in page and imap_user.password not in page
    assert "/calendar/" in page and CalendarFeed.objects.get(user=ann).token in page


def test_a_wrong_password_is_said_and_nothing_stored(client, ann, imap_user):
    form = {
        "connect": "1",
        "host": "127.0.0.1",
        "port": imap_user.port,
        "use_ssl": "",
        "username": imap_user.username,
        "password": "wrong",
        "folder": "INBOX",
    }
    response = client.post("/mail/", form)
    assert response.status_code == 200 and "Could not log in" in response.content.decode()
    assert not MailAccount.objects.exists()


def test_renewing_the_calendar_link_revokes_the_old_one(client, ann):
    client.get("/mail/")
    old = CalendarFeed.objects.get(user=ann).token
    assert client.get(f"/calendar/{old}.ics").status_code == 200
    client.post("/mail/", {"renew_feed": "1"})
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_team_turns_automatic_updates_on_per_opening(client, ann):
    team = Team.objects.create(name="Lakeside", slug="lakeside")
    Membership.objects.create(team=team, user=ann, role=Role.OWNER)
    baker = Opening.objects.create(team=team, title="Baker")
    cook = Opening.objects.create(team=team, title="Cook")
    client.post("/mail/team/lakeside/", {"auto_updates": "1", "auto": [str(baker.pk)]})
    assert dict(AutoUpdateSetting.objects.values_list("opening_id", "enabled")) == {
        baker.pk: True,
        cook.pk: False,
    }


def test_a_user_edits_a_template_and_drafts_use_it(client, ann):
    from followline.compose import example_context, render_draft
    from followline.web.outbox.templates_store import DatabaseTemplateStore

    page = client.get("/mail/templates/?kind=thank_you").content.decode()
    assert "Thank you for taking the time" in page  # the inherited text to start from
    bad = client.post(
        "/mail/templates/?kind=thank_you",
        {"subject": "Thanks {{ rol }}", "text": "x", "html": "<p>x</p>"},
    )
    assert bad.status_code == 200 and "rol" in bad.content.decode()
    client.post(
        "/mail/templates/?kind=thank_you",
        {"subject": "Thanks, {{ company }}", "text": "Hi {{ contact_name }}", "html": "<p>Hi</p>"},
    )
    draft = render_draft(
        "thank_you", example_context("thank_you"), store=DatabaseTemplateStore(), user_id=ann.pk
    )
    assert (draft.subject, draft.text) == ("Thanks, Acme Bakery", "Hi Ms Cole")
    client.post("/mail/templates/?kind=thank_you", {"reset": "1"})
    draft = render_draft(
        "thank_you", example_context("thank_you"), store=DatabaseTemplateStore(), user_id=ann.pk
    )
    assert draft.subject.startswith("Thank you for the interview")


def test_team_templates_are_for_members_only(client, ann, django_user_model):
    team = Team.objects.create(name="Lakeside", slug="lakeside")
    Membership.objects.create(team=team, user=ann, role=Role.MEMBER)
    assert client.get("/mail/team/lakeside/templates/?kind=rejection").status_code == 200
    other = django_user_model.objects.create_user("bob", "bob@x.test", "pw")
    client.force_login(other)
    assert client.get("/mail/team/lakeside/templates/").status_code == 404


def test_a_permanently_refused_reminder_is_shown_with_the_reason(client, ann, settings):
    from followline.web.outbox.enqueue import enqueue_mail
    from followline.web.outbox.sender import SenderConfig, send_due
    from tests.outbox.smtp_servers import RecordingHandler, smtp_server

    enqueue_mail(
        "ann@candidate.test", "A follow-up is appropriate today: Acme", "t", ref=f"user:{ann.pk}"
    )
    with smtp_server(RecordingHandler(refuse_rcpt=True)) as (_, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        send_due(SenderConfig(worker="t"))
    page = client.get("/mail/").content.decode()
    assert "A follow-up is appropriate today: Acme" in page
    assert "failed" in page and "550" in page
