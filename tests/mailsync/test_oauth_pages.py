"""The OAuth2 buttons without a provider behind them: which are offered, what the start
sends the browser to (PKCE, state, scopes), callbacks that must connect nothing, a
mailbox that needs reconnecting on /mail/, in the sync and in the reminder mail.

The whole flow against a real authorization server is in tests/oauth/."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from followline.web.accounts import confirm
from followline.web.applications import reminders
from followline.web.applications.models import Application
from followline.web.applications.models import Milestone as AppMilestone
from followline.web.employers.models import Membership, Role, Team
from followline.web.mailsync.models import Auth, MailAccount, Side
from followline.web.mailsync.sync import run_all, sync_account
from followline.web.oauth import flow, providers
from followline.web.oauth.models import GrantState, OAuthGrant
from followline.web.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

GOOGLE = {"client_id": "google-id.apps.example", "client_secret": "g-secret"}
MICROSOFT = {"client_id": "ms-id", "client_secret": "ms-secret", "tenant": "common"}


@pytest.fixture
def ann(django_user_model, client):
    user = django_user_model.objects.create_user("ann", "ann@candidate.test", "pw")
    confirm.mark_confirmed(user)  # reminders go to confirmed addresses only
    client.force_login(user)
    return user


@pytest.fixture
def offered(settings):
    settings.FOLLOWLINE_OAUTH_PROVIDERS = {"google": GOOGLE, "microsoft": MICROSOFT}
    settings.FOLLOWLINE_BASE_URL = "https://followline.example"


def test_a_provider_without_credentials_is_not_offered(client, ann, settings):
    settings.FOLLOWLINE_OAUTH_PROVIDERS = {
        "google": {"client_id": "", "client_secret": ""},
        "microsoft": MICROSOFT,
        "other": {"name": "Half-configured", "client_id": "x"},  # no endpoints, no IMAP
    }
    assert [p.key for p in providers.configured()] == ["microsoft"]
    page = client.get("/mail/").content.decode()
    assert "Connect Microsoft 365 / Outlook.com" in page
    assert "Connect Gmail" not in page and "Half-configured" not in page
    response = client.post("/mail/oauth/start/", {"provider": "google"})
    assert response.status_code == 400  # not offered: no way round the missing button


def test_no_provider_configured_leaves_the_password_form(client, ann, settings):
    settings.FOLLOWLINE_OAUTH_PROVIDERS = {}
    page = client.get("/mail/").content.decode()
    assert "Connect with your provider" not in page and 'name="password"' in page


def test_connect_gmail_sends_the_browser_to_google_with_pkce_and_only_mail_scopes(
    client, ann, offered
):
    response = client.post("/mail/oauth/start/", {"provider": "google", "google-send_too": "on"})
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert (
        f"{url.scheme}://{url.netloc}{url.path}" == "https://accounts.google.com/o/oauth2/v2/auth"
    )
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["client_id"] == GOOGLE["client_id"] and query["response_type"] == "code"
    assert query["scope"] == "https://mail.google.com/ openid email"
    assert query["redirect_uri"] == "https://followline.example/mail/oauth/callback/"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["access_type"] == "offline" and query["prompt"] == "consent"
    pending = client.session["oauth_pending"][query["state"]]
    assert pending["provider"] == "google" and pending["send_too"] is True
    assert len(pending["verifier"]) == 64 and pending["verifier"] not in response["Location"]


def test_microsoft_asks_for_imap_smtp_and_offline_access(client, ann, offered):
    response = client.post("/mail/oauth/start/", {"provider": "microsoft"})
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith(
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?"
    )
    assert query["scope"][0].split() == [
        "https://outlook.office.com/IMAP.AccessAsUser.All",
        "https://outlook.office.com/SMTP.Send",
        "offline_access",
        "openid",
        "email",
    ]


def test_a_callback_with_an_unknown_state_connects_nothing(client, ann, offered):
    client.post("/mail/oauth/start/", {"provider": "google"})
    response = client.get("/mail/oauth/callback/", {"state": "forged", "code": "x"}, follow=True)
    assert "did not start here" in response.content.decode()
    assert not MailAccount.objects.exists() and not OAuthGrant.objects.exists()


def test_a_state_is_used_once(client, ann, offered):
    start = client.post("/mail/oauth/start/", {"provider": "google"})
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    denied = client.get("/mail/oauth/callback/", {"state": state, "error": "access_denied"})
    assert denied.status_code == 302
    page = client.get("/mail/").content.decode()
    assert "You did not allow access at Gmail: nothing was connected." in page
    again = client.get("/mail/oauth/callback/", {"state": state, "code": "x"}, follow=True)
    assert "did not start here" in again.content.decode()


def test_the_callback_needs_the_signed_in_user(client, offered):
    response = client.get("/mail/oauth/callback/", {"state": "s", "code": "c"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_team_page_offers_the_buttons_to_members_only(client, ann, offered, django_user_model):
    team = Team.objects.create(name="Lakeside", slug="lakeside")
    Membership.objects.create(team=team, user=ann, role=Role.MEMBER)
    page = client.get("/mail/team/lakeside/").content.decode()
    assert "Connect Gmail" in page and 'name="team" value="lakeside"' in page
    assert "Also send my drafts" not in page  # a hiring mailbox only reads
    client.force_login(django_user_model.objects.create_user("bob", "bob@x.test", "pw"))
    response = client.post("/mail/oauth/start/", {"provider": "google", "team": "lakeside"})
    assert response.status_code == 404


def test_missing_mail_scopes_are_named():
    google = providers.preset("google", GOOGLE)
    microsoft = providers.preset("microsoft", MICROSOFT)
    assert flow.missing_scopes(google, "openid https://www.googleapis.com/auth/userinfo.email") == [
        "https://mail.google.com/"
    ]
    assert flow.missing_scopes(google, None) == []  # absent: all that was asked (RFC 6749)
    assert flow.missing_scopes(microsoft, "IMAP.AccessAsUser.All SMTP.Send") == []


def _broken_mailbox(user, *, side=Side.CANDIDATE, team_id=None) -> MailAccount:
    grant = OAuthGrant.objects.create(
        owner=user,
        provider="google",
        address="ann@gmail.test",
        team_id=team_id,
        state=GrantState.NEEDS_RECONNECT,
        problem="Gmail no longer accepts this connection (invalid_grant).",
    )
    return MailAccount.objects.create(
        owner=user,
        side=side,
        team_id=team_id,
        host="127.0.0.1",
        port=1,  # nothing listens: a login attempt would show as a connection error
        use_ssl=False,
        username="ann@gmail.test",
        auth=Auth.OAUTH2,
        grant=grant,
    )


def test_needs_reconnecting_shows_with_a_reconnect_button(client, ann, offered):
    account = _broken_mailbox(ann)
    page = client.get("/mail/").content.decode()
    assert "Needs reconnecting" in page and "invalid_grant" in page
    assert f'name="reconnect" value="{account.pk}"' in page
    response = client.post("/mail/oauth/start/", {"provider": "google", "reconnect": account.pk})
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["login_hint"] == ["ann@gmail.test"]
    assert client.session["oauth_pending"][query["state"][0]]["reconnect"] == account.pk


def test_the_sync_does_not_try_a_mailbox_that_needs_reconnecting(ann):
    account = _broken_mailbox(ann)
    assert run_all() == {"accounts": 0, "stored": 0, "errors": 0}
    result = sync_account(account)  # even asked directly: no login, the reason
    assert result.error.startswith("Needs reconnecting: Gmail no longer accepts")
    assert "Connection" not in result.error


def test_the_next_reminder_names_the_mailbox_to_reconnect(ann, settings):
    settings.FOLLOWLINE_BASE_URL = "https://followline.example"
    _broken_mailbox(ann)
    now = timezone.now()
    app = Application.objects.create(owner=ann, company="Acme", role="Baker")
    AppMilestone.objects.create(application=app, type="interview", at=now - timedelta(days=9))
    Application.objects.get(pk=app.pk).rejudge(now)
    assert reminders.run()["queued"] == 1
    mail = OutboxMessage.objects.get()
    assert "Your mailbox ann@gmail.test needs reconnecting" in mail.text
    assert "https://followline.example/mail/" in mail.text and "invalid_grant" in mail.html
