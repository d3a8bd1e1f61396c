"""The loopback Dovecot takes SASL XOAUTH2 and OAUTHBEARER logins and nothing else, and
asks the provider about every token: fresh ones read the mailbox; revoked, expired,
wrong-scope and other users' tokens fail as AUTHENTICATIONFAILED; a provider that is
down fails as UNAVAILABLE (a temporary failure)."""

from __future__ import annotations

import time
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from imapclient.exceptions import LoginError

from tests.oauth_provider.scopes import GOOGLE_MAIL, MICROSOFT_IMAP, MICROSOFT_SMTP

REDIRECT = "http://127.0.0.1:9/callback"


def _message(to: str, subject: str) -> tuple[bytes, str]:
    msg = EmailMessage()
    msg["From"] = "Recruiter <recruiter@employer.test>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="employer.test")
    msg.set_content("We would like to invite you to a second interview.")
    return msg.as_bytes(), msg["Message-ID"]


def _read_inbox(oauth_imap, email: str, token: str, mech: str) -> list[bytes]:
    client = oauth_imap.client()
    try:
        if mech == "XOAUTH2":
            client.oauth2_login(email, token)
        else:
            client.oauthbearer_login(email, token)
        client.select_folder("INBOX", readonly=True)
        fetched = client.fetch(client.search("ALL"), ["BODY.PEEK[HEADER.FIELDS (SUBJECT)]"])
        return [
            data[b"BODY[HEADER.FIELDS (SUBJECT)]"].strip() for _, data in sorted(fetched.items())
        ]
    finally:
        client.shutdown()


def _login_fails(oauth_imap, email: str, token: str, mech: str = "XOAUTH2") -> str:
    client = oauth_imap.client()
    try:
        with pytest.raises(LoginError) as failed:
            if mech == "XOAUTH2":
                client.oauth2_login(email, token)
            else:
                client.oauthbearer_login(email, token)
    finally:
        client.shutdown()
    return str(failed.value)


@pytest.mark.parametrize("mech", ["XOAUTH2", "OAUTHBEARER"])
def test_a_fresh_token_reads_the_delivered_message(oauth_provider, oauth_imap, mech):
    user = oauth_provider.new_user()
    raw, _ = _message(user.email, "Second interview")
    oauth_imap.deliver(user, raw)
    token = oauth_provider.token_for(user.username, "mail")["access_token"]
    assert _read_inbox(oauth_imap, user.email, token, mech) == [b"Subject: Second interview"]


def test_a_token_from_the_consent_flow_logs_in_and_so_does_its_refresh(oauth_provider, oauth_imap):
    user = oauth_provider.new_user()
    oauth_imap.deliver(user.email, _message(user.email, "Hello")[0])
    client = oauth_provider.create_client(REDIRECT)
    tokens = oauth_provider.authorize(client, user, f"openid email {GOOGLE_MAIL}", REDIRECT)
    assert _read_inbox(oauth_imap, user.email, tokens["access_token"], "XOAUTH2")
    fresh = oauth_provider.refresh(client, tokens["refresh_token"]).json()
    assert _read_inbox(oauth_imap, user.email, fresh["access_token"], "XOAUTH2")
    # rotation ended the first access token
    assert "AUTHENTICATIONFAILED" in _login_fails(oauth_imap, user.email, tokens["access_token"])


@pytest.mark.parametrize("scope", [MICROSOFT_IMAP, f"openid email {GOOGLE_MAIL}"])
def test_the_providers_mail_scopes_open_imap(oauth_provider, oauth_imap, scope):
    user = oauth_provider.new_user()
    oauth_imap.deliver(user, _message(user.email, "Scoped")[0])
    token = oauth_provider.token_for(user.username, scope)["access_token"]
    assert _read_inbox(oauth_imap, user.email, token, "XOAUTH2") == [b"Subject: Scoped"]


@pytest.mark.parametrize("mech", ["XOAUTH2", "OAUTHBEARER"])
def test_a_revoked_token_fails(oauth_provider, oauth_imap, mech):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, "mail")["access_token"]
    assert _read_inbox(oauth_imap, user.email, token, mech) == []
    oauth_provider.revoke_all(user.username)
    assert "AUTHENTICATIONFAILED" in _login_fails(oauth_imap, user.email, token, mech)


def test_an_expired_token_fails(oauth_provider, oauth_imap):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, "mail", expires_in=-1)["access_token"]
    assert "AUTHENTICATIONFAILED" in _login_fails(oauth_imap, user.email, token)


@pytest.mark.parametrize(
    "scope", ["openid email profile offline_access", f"{MICROSOFT_SMTP} offline_access"]
)
@pytest.mark.parametrize("mech", ["XOAUTH2", "OAUTHBEARER"])
def test_a_token_without_the_imap_scope_fails(oauth_provider, oauth_imap, scope, mech):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, scope)["access_token"]
    assert "AUTHENTICATIONFAILED" in _login_fails(oauth_imap, user.email, token, mech)


def test_another_users_token_does_not_open_the_mailbox(oauth_provider, oauth_imap):
    owner, intruder = oauth_provider.new_user(), oauth_provider.new_user()
    token = oauth_provider.token_for(intruder.username, "mail")["access_token"]
    assert "AUTHENTICATIONFAILED" in _login_fails(oauth_imap, owner.email, token)


def test_a_made_up_token_fails(oauth_provider, oauth_imap):
    user = oauth_provider.new_user()
    assert "AUTHENTICATIONFAILED" in _login_fails(oauth_imap, user.email, "not-a-token")


@pytest.mark.parametrize("mech", ["XOAUTH2", "OAUTHBEARER"])
def test_provider_down_is_a_temporary_failure(oauth_provider, oauth_imap, mech):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, "mail")["access_token"]
    with oauth_provider.stopped():
        assert "UNAVAILABLE" in _login_fails(oauth_imap, user.email, token, mech)
    # and once it is back, the same token works again
    assert _read_inbox(oauth_imap, user.email, token, mech) == []


def test_password_login_is_refused(oauth_provider, oauth_imap):
    user = oauth_provider.new_user()
    client = oauth_imap.client()
    try:
        with pytest.raises(LoginError, match="Unsupported authentication mechanism"):
            client.login(user.email, user.password)
        assert b"AUTH=XOAUTH2" in client.capabilities()
        assert b"AUTH=OAUTHBEARER" in client.capabilities()
        assert b"AUTH=PLAIN" not in client.capabilities()
    finally:
        client.shutdown()


def test_an_access_token_expires_and_its_refresh_brings_a_working_one(oauth_provider, oauth_imap):
    """The lifetime the provider grants is the one Dovecot enforces (via introspection)."""
    oauth_provider.set_access_token_lifetime(2)
    user = oauth_provider.new_user()
    client = oauth_provider.create_client(REDIRECT)
    tokens = oauth_provider.authorize(client, user, "mail offline_access", REDIRECT)
    assert tokens["expires_in"] == 2
    assert _read_inbox(oauth_imap, user.email, tokens["access_token"], "XOAUTH2") == []
    time.sleep(2.5)
    assert "AUTHENTICATIONFAILED" in _login_fails(oauth_imap, user.email, tokens["access_token"])
    fresh = oauth_provider.refresh(client, tokens["refresh_token"]).json()
    assert _read_inbox(oauth_imap, user.email, fresh["access_token"], "OAUTHBEARER") == []
