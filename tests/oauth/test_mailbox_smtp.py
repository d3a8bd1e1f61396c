"""Drafts sent through the job seeker's own OAuth2 mailbox: the outbox logs in to the SMTP
server with AUTH XOAUTH2, and that server checks the token at the loopback provider's
introspection endpoint (tests/oauth/README.md)."""

from __future__ import annotations

import pytest

from followline.web.applications.models import Application
from followline.web.oauth.models import GrantState, OAuthGrant
from followline.web.outbox.models import OutboxMessage, OutboxState, SmtpAccount
from followline.web.outbox.sender import SenderConfig, send_due
from tests.oauth import mailbox_site as site

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(django_user_model, client):
    user = django_user_model.objects.create_user("ann", "ann@candidate.test", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def sending(client, ann, settings, oauth_provider, oauth_imap, oauth_smtp):
    """Ann connected her mailbox at the loopback provider, ticking "Also send my drafts"."""
    registered = oauth_provider.create_client("http://testserver" + site.CALLBACK)
    site.configure(
        settings,
        oauth_provider,
        registered,
        imap_port=oauth_imap.port,
        smtp_port=oauth_smtp.port,
    )
    user = oauth_provider.new_user("ann")
    page = site.connect(client, oauth_provider, user, **{"other-send_too": "on"})
    assert f"{user.email} connected" in page.content.decode()
    return user


def _send_draft(client, ann) -> OutboxMessage:
    app = Application.objects.create(
        owner=ann, company="Acme", role="Baker", contact_email="hr@acme.example"
    )
    response = client.post(f"/mail/applications/{app.pk}/draft/status_inquiry/", {"send": "1"})
    assert response.status_code == 302
    return OutboxMessage.objects.get(ref=f"application:{app.pk}")


def test_a_draft_goes_out_through_the_mailbox_with_xoauth2(client, ann, sending, oauth_smtp):
    smtp = SmtpAccount.objects.get(owner=ann)
    assert (smtp.from_email, smtp.username, smtp.password_encrypted) == (
        sending.email,
        sending.email,
        "",
    )
    assert smtp.grant_id == OAuthGrant.objects.get().pk
    page = client.get("/mail/").content.decode()
    assert f"Your drafts are sent from <strong>{sending.email}</strong>" in page
    row = _send_draft(client, ann)
    assert send_due(SenderConfig(worker="t")) == {"sent": 1, "retry": 0, "failed": 0}
    (received,) = oauth_smtp.messages
    assert (received.user, received.mechanism) == (sending.email, "XOAUTH2")
    assert sending.email in received.mail_from and received.rcpt_tos == ["hr@acme.example"]
    assert received.message["Message-ID"] == row.message_id
    assert [a.ok for a in oauth_smtp.auth_attempts] == [True]


def test_a_revoked_grant_keeps_the_draft_and_stops_logging_in(
    client, ann, sending, oauth_provider, oauth_smtp
):
    oauth_provider.revoke_all(sending.username)
    row = _send_draft(client, ann)
    assert send_due(SenderConfig(worker="t")) == {"sent": 0, "retry": 1, "failed": 0}
    row.refresh_from_db()
    assert row.state == OutboxState.QUEUED and "invalid_grant" in row.last_error
    assert OAuthGrant.objects.get().state == GrantState.NEEDS_RECONNECT
    attempts = len(oauth_smtp.auth_attempts)
    assert attempts == 1 and oauth_smtp.auth_attempts[0].reason == "inactive"
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    assert send_due(SenderConfig(worker="t"))["retry"] == 1  # no login tried this time
    assert len(oauth_smtp.auth_attempts) == attempts and not oauth_smtp.messages
    page = client.get("/mail/").content.decode()
    assert "That mailbox needs reconnecting" in page and "the sending mailbox" in page


def test_a_provider_that_is_down_is_a_retry_not_a_reconnect(
    client, ann, sending, oauth_provider, oauth_smtp
):
    row = _send_draft(client, ann)
    with oauth_provider.stopped():
        assert send_due(SenderConfig(worker="t")) == {"sent": 0, "retry": 1, "failed": 0}
    row.refresh_from_db()
    assert row.state == OutboxState.QUEUED and "454" in row.last_error
    assert OAuthGrant.objects.get().state == GrantState.ACTIVE
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    assert send_due(SenderConfig(worker="t"))["sent"] == 1
    assert [m.user for m in oauth_smtp.messages] == [sending.email]


def test_disconnecting_the_mailbox_fails_its_waiting_mail_rather_than_send_it_elsewhere(
    client, ann, sending, oauth_smtp
):
    row = _send_draft(client, ann)
    account = OAuthGrant.objects.get().mailboxes.get()
    client.post("/mail/", {"disconnect": account.pk})
    row.refresh_from_db()
    assert row.state == OutboxState.FAILED and "was disconnected" in row.last_error
    assert not SmtpAccount.objects.exists()
    assert send_due(SenderConfig(worker="t")) == {"sent": 0, "retry": 0, "failed": 0}
    assert not oauth_smtp.messages
