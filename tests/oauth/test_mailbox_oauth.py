"""An OAuth2 mailbox, end to end on loopback: the loopback provider (django-oauth-toolkit,
its own process) grants, Dovecot checks every XOAUTH2 login at the provider's
introspection endpoint, and the site connects, syncs, renews, and says when a grant is
gone (tests/oauth/README.md describes the peers)."""

from __future__ import annotations

import html
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from followline.web.accounts import confirm
from followline.web.applications import reminders
from followline.web.applications.models import Application
from followline.web.applications.models import Contact as AppContact
from followline.web.applications.models import Milestone as AppMilestone
from followline.web.mailsync.models import Auth, InboundMessage, MailAccount
from followline.web.mailsync.sync import run_all, sync_account
from followline.web.oauth.models import GrantState, OAuthGrant
from followline.web.outbox.models import OutboxMessage
from tests.oauth import mailbox_site as site

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(oauth_provider):
    return oauth_provider.create_client("http://testserver" + site.CALLBACK)


@pytest.fixture
def offered(settings, oauth_provider, oauth_imap, registered):
    settings.FOLLOWLINE_OAUTH_REFRESH_MARGIN = 0
    return site.configure(settings, oauth_provider, registered, imap_port=oauth_imap.port)


@pytest.fixture
def ann(django_user_model, client):
    user = django_user_model.objects.create_user("ann", "ann@candidate.test", "pw")
    confirm.mark_confirmed(user)  # reminders go to confirmed addresses only
    client.force_login(user)
    return user


@pytest.fixture
def mailbox_user(oauth_provider):
    """Ann's account at the provider: her mailbox is its address."""
    return oauth_provider.new_user("ann")


def _application(owner, *, interviewed_days_ago=8):
    now = timezone.now()
    app = Application.objects.create(
        owner=owner, company="Acme", role="Baker", contact_email="hr@acme.example"
    )
    AppMilestone.objects.create(
        application=app, type="interview", at=now - timedelta(days=interviewed_days_ago)
    )
    AppContact.objects.create(
        application=app,
        party="candidate",
        kind="thank_you",
        at=now - timedelta(days=interviewed_days_ago, hours=-2),
        text="Thank you for the interview.",
    )
    Application.objects.get(pk=app.pk).rejudge(now)
    return Application.objects.get(pk=app.pk)


def _connected(client, oauth_provider, user) -> MailAccount:
    page = site.connect(client, oauth_provider, user).content.decode()
    assert f"{user.email} connected" in page, page[:3000]
    return MailAccount.objects.select_related("grant").get(username=user.email)


def _deliver_reply(oauth_imap, address: str) -> None:
    oauth_imap.deliver(
        address,
        site.message(
            "Mr Cole <cole@acme.example>",
            address,
            "Update",
            "We are still deciding and will write next week.",
        ),
    )


def test_connect_through_the_consent_screen_and_an_employers_reply_moves_the_plan(
    client, ann, offered, oauth_provider, oauth_imap, mailbox_user
):
    acme = _application(ann)
    assert acme.next_action == "status_inquiry" and acme.next_at <= timezone.now()
    account = _connected(client, oauth_provider, mailbox_user)
    assert account.auth == Auth.OAUTH2 and account.password_encrypted == ""
    grant = account.grant
    # the address came from the provider (its ID token), the tokens are stored encrypted
    assert grant.address == mailbox_user.email and grant.scope.split() >= ["mail"]
    assert grant.access_token() not in grant.access_token_encrypted
    assert grant.refresh_token() and grant.access_expires_at > timezone.now()
    assert oauth_provider.introspect(grant.access_token(), "imap")["active"] is True

    _deliver_reply(oauth_imap, mailbox_user.email)
    assert run_all() == {"accounts": 1, "stored": 1, "errors": 0}
    acme.refresh_from_db()
    assert acme.next_at > timezone.now()  # the inquiry planned for today is gone
    assert acme.contacts.filter(party="employer").count() == 1
    assert InboundMessage.objects.get().outcome == f"application:{acme.pk}"
    # read-only: the message is still unread in the mailbox
    box = oauth_imap.client()
    box.oauth2_login(mailbox_user.email, grant.access_token())
    box.select_folder("INBOX", readonly=True)
    assert box.search(["UNSEEN"]) == box.search(["ALL"]) != []
    box.logout()


def test_an_expiring_token_is_renewed_and_a_valid_one_reused(
    client, ann, offered, oauth_provider, oauth_imap, mailbox_user, settings
):
    oauth_provider.set_access_token_lifetime(4)
    account = _connected(client, oauth_provider, mailbox_user)
    first = account.grant.access_token()
    settings.FOLLOWLINE_OAUTH_REFRESH_MARGIN = 2
    assert sync_account(account).error == ""  # still 2 s or more left: the same token
    account.grant.refresh_from_db()
    assert account.grant.access_token() == first
    time.sleep(4.5)  # the token has expired at the provider: Dovecot would refuse it
    assert oauth_provider.introspect(first, "imap")["active"] is False
    _deliver_reply(oauth_imap, mailbox_user.email)
    result = sync_account(MailAccount.objects.get(pk=account.pk))
    assert (result.error, result.stored) == ("", 1)
    grant = OAuthGrant.objects.get(pk=account.grant_id)
    assert grant.access_token() != first and grant.state == GrantState.ACTIVE
    assert grant.refreshed_at > account.grant.refreshed_at


def test_a_token_the_server_refuses_is_renewed_once(
    client, ann, offered, oauth_provider, oauth_imap, mailbox_user
):
    """Our clock says the token lasts, the provider's says it has expired (clock skew):
    the refusal makes one renewal, and the sync goes on."""
    oauth_provider.set_access_token_lifetime(2)
    account = _connected(client, oauth_provider, mailbox_user)
    OAuthGrant.objects.filter(pk=account.grant_id).update(
        access_expires_at=timezone.now() + timedelta(hours=1)
    )
    time.sleep(2.5)
    oauth_provider.set_access_token_lifetime(3600)
    result = sync_account(MailAccount.objects.select_related("grant").get(pk=account.pk))
    assert result.error == ""
    assert OAuthGrant.objects.get(pk=account.grant_id).state == GrantState.ACTIVE


def test_a_revoked_grant_needs_reconnecting_and_is_not_tried_again(
    client, ann, offered, oauth_provider, oauth_imap, mailbox_user
):
    account = _connected(client, oauth_provider, mailbox_user)
    oauth_provider.revoke_all(mailbox_user.username)
    result = sync_account(MailAccount.objects.select_related("grant").get(pk=account.pk))
    assert result.error.startswith("Needs reconnecting:") and "invalid_grant" in result.error
    grant = OAuthGrant.objects.get(pk=account.grant_id)
    assert grant.state == GrantState.NEEDS_RECONNECT
    page = client.get("/mail/").content.decode()
    assert "Needs reconnecting" in page and f'name="reconnect" value="{account.pk}"' in page

    attempts = oauth_imap.log_text().count("imap-login:")
    assert attempts > 0  # Dovecot logs every connection: the count below would see one
    assert run_all() == {"accounts": 0, "stored": 0, "errors": 0}  # no loop of failing logins
    assert sync_account(MailAccount.objects.get(pk=account.pk)).error.startswith("Needs")
    assert oauth_imap.log_text().count("imap-login:") == attempts

    _application(ann, interviewed_days_ago=9)
    assert reminders.run()["queued"] == 1
    assert (
        f"Your mailbox {mailbox_user.email} needs reconnecting" in OutboxMessage.objects.get().text
    )

    # Reconnect: the same mailbox carries on, nothing read twice
    location = oauth_provider.consent(site.start(client, reconnect=account.pk), mailbox_user)
    page = site.come_back(client, location).content.decode()
    assert f"{mailbox_user.email} reconnected" in page
    assert MailAccount.objects.count() == 1 and OAuthGrant.objects.count() == 1
    assert OAuthGrant.objects.get().state == GrantState.ACTIVE
    _deliver_reply(oauth_imap, mailbox_user.email)
    assert run_all() == {"accounts": 1, "stored": 1, "errors": 0}


def test_consent_without_the_mail_permission_connects_nothing(
    client, ann, offered, oauth_provider, oauth_imap, mailbox_user
):
    location = site.consent_to(site.start(client), mailbox_user, "openid email")
    page = site.come_back(client, location).content.decode()
    assert "did not grant access to your mail (missing: mail)" in page
    assert not MailAccount.objects.exists() and not OAuthGrant.objects.exists()


def test_a_grant_the_mail_server_refuses_connects_nothing(
    client, ann, settings, oauth_provider, oauth_imap, registered, mailbox_user
):
    """A provider set up with the wrong scope: the token is granted, but it does not open
    IMAP (Dovecot's introspection says inactive): said at once, nothing stored."""
    site.configure(
        settings,
        oauth_provider,
        registered,
        imap_port=oauth_imap.port,
        scopes="openid email profile",
        mail_scopes="profile",
    )
    page = site.connect(client, oauth_provider, mailbox_user).content.decode()
    assert "gave access, but its mail server (127.0.0.1) refused" in page
    assert not MailAccount.objects.exists() and not OAuthGrant.objects.exists()


def test_a_provider_that_is_down_is_retried_not_reconnected(
    client, ann, offered, oauth_provider, oauth_imap, mailbox_user
):
    account = _connected(client, oauth_provider, mailbox_user)
    with oauth_provider.stopped():
        # the stored token lasts: Dovecot cannot check it ([UNAVAILABLE])
        result = sync_account(MailAccount.objects.select_related("grant").get(pk=account.pk))
        assert "UNAVAILABLE" in result.error.upper()
        # the token must be renewed: the token endpoint does not answer
        OAuthGrant.objects.filter(pk=account.grant_id).update(access_expires_at=timezone.now())
        result = sync_account(MailAccount.objects.select_related("grant").get(pk=account.pk))
        assert result.error.startswith("Could not renew access, will try again: could not reach")
        assert OAuthGrant.objects.get(pk=account.grant_id).state == GrantState.ACTIVE
        assert "Could not renew access" in client.get("/mail/").content.decode()
        # connecting meanwhile says so and stores nothing new
        start = client.post("/mail/oauth/start/", {"provider": "other"})
        assert start.status_code == 302  # the authorization URL needs no provider call
    _deliver_reply(oauth_imap, mailbox_user.email)
    assert run_all() == {"accounts": 1, "stored": 1, "errors": 0}  # back: it just works
    assert MailAccount.objects.get().last_error == ""


def test_the_code_exchange_failing_is_said(
    client, ann, offered, oauth_provider, oauth_imap, mailbox_user
):
    location = oauth_provider.consent(site.start(client), mailbox_user)
    with oauth_provider.stopped():
        page = site.come_back(client, location).content.decode()
    assert "Not connected: could not reach Loopback Mail" in page and "try again" in page
    assert not MailAccount.objects.exists()


def test_cancel_on_the_consent_screen_connects_nothing(
    client, ann, offered, oauth_provider, mailbox_user
):
    location = oauth_provider.consent(site.start(client), mailbox_user, allow=False)
    page = site.come_back(client, location).content.decode()
    assert "You did not allow access at Loopback Mail: nothing was connected." in page
    assert not OAuthGrant.objects.exists()


def test_disconnect_revokes_the_grant_at_the_provider(
    client, ann, offered, oauth_provider, oauth_imap, mailbox_user, registered
):
    account = _connected(client, oauth_provider, mailbox_user)
    refresh = account.grant.refresh_token()
    page = client.post("/mail/", {"disconnect": account.pk}, follow=True).content.decode()
    assert "followline's access was revoked" in html.unescape(page)
    assert not MailAccount.objects.exists() and not OAuthGrant.objects.exists()
    assert oauth_provider.refresh(registered, refresh).status_code == 400  # revoked


def test_a_wrong_client_secret_is_the_operators_problem_not_the_users(
    client, ann, offered, settings, oauth_provider, oauth_imap, mailbox_user
):
    account = _connected(client, oauth_provider, mailbox_user)
    settings.FOLLOWLINE_OAUTH_PROVIDERS["other"]["client_secret"] = "rotated-by-mistake"
    OAuthGrant.objects.filter(pk=account.grant_id).update(access_expires_at=timezone.now())
    result = sync_account(MailAccount.objects.select_related("grant").get(pk=account.pk))
    assert "refused this site's OAuth client (invalid_client" in result.error
    assert "operator must check its client id and secret" in result.error
    assert OAuthGrant.objects.get(pk=account.grant_id).state == GrantState.ACTIVE
