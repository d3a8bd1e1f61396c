"""pytest fixtures for real OAuth2 peers on loopback (a pytest plugin: tests/conftest.py
loads it, so every test can ask for them; nothing starts unless a test asks).

``oauth_provider`` (function scope; the server itself lives for the session)
    The loopback OAuth2 authorization server (django-oauth-toolkit, its own process):
    ``.base_url``, ``.authorize_url``, ``.token_url``, ``.revoke_url``,
    ``.introspect_url``, ``.introspect_url_for("imap"|"smtp")``, ``.userinfo_url``,
    ``.metadata_url`` (OpenID discovery), ``.issuer``, ``.login_url``;
    ``.create_user(username, password, email)``, ``.new_user()``,
    ``.create_client(redirect_uri) -> (client_id, client_secret)``,
    ``.revoke_all(username)``, ``.set_access_token_lifetime(seconds)``,
    ``.token_for(username, scope, client_id=None, expires_in=None)``,
    ``.consent(authorize_url, user, allow=True) -> redirect URL``,
    ``.authorize(client, user, scope, redirect_uri) -> token response``,
    ``.refresh(client, refresh_token)``, ``.introspect(token, service=None)``,
    ``.stop()``, ``.start()``, ``with .stopped(): ...``.
    Before and after each test it is running and the access-token lifetime is back to
    3600 s. Users and clients stay for the session: make unique ones (``new_user()``).
``oauth_provider_session`` (session scope)
    The same object, for session- or module-scoped fixtures (no per-test reset).
``oauth_imap`` (session scope)
    Dovecot taking only XOAUTH2/OAUTHBEARER, tokens checked by the provider:
    ``.host``, ``.port``, ``.deliver(user_or_address, raw_bytes, folder="INBOX")``,
    ``.client()`` (an IMAPClient, not logged in), ``.log_text()``.
``oauth_smtp`` (function scope; the server lives for the session)
    aiosmtpd taking only XOAUTH2/OAUTHBEARER, tokens checked by the provider:
    ``.host``, ``.port``, ``.messages`` (ReceivedMessage: user, mechanism, mail_from,
    rcpt_tos, raw, message), ``.auth_attempts`` (AuthAttempt: mechanism, user, ok,
    reason). Emptied before each test.

See tests/oauth/README.md for what each peer checks and answers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.oauth.dovecot import DovecotMissing, OAuthDovecot
from tests.oauth.provider import OAuthProvider
from tests.oauth.smtp import OAuthSMTP
from tests.oauth_provider.knobs import DEFAULT_ACCESS_TOKEN_LIFETIME


@pytest.fixture(scope="session")
def oauth_provider_session(tmp_path_factory) -> Iterator[OAuthProvider]:
    provider = OAuthProvider(tmp_path_factory.mktemp("oauth-provider"))
    provider.start()
    yield provider
    provider.stop()


def _reset(provider: OAuthProvider) -> None:
    provider.start()  # a test may have left it stopped
    provider.set_access_token_lifetime(DEFAULT_ACCESS_TOKEN_LIFETIME)


@pytest.fixture
def oauth_provider(oauth_provider_session: OAuthProvider) -> Iterator[OAuthProvider]:
    _reset(oauth_provider_session)
    yield oauth_provider_session
    _reset(oauth_provider_session)


@pytest.fixture(scope="session")
def oauth_imap(oauth_provider_session: OAuthProvider) -> Iterator[OAuthDovecot]:
    try:
        dovecot = OAuthDovecot(oauth_provider_session)
    except DovecotMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    dovecot.start()
    yield dovecot
    dovecot.stop()
    dovecot.cleanup()


@pytest.fixture(scope="session")
def oauth_smtp_session(oauth_provider_session: OAuthProvider) -> Iterator[OAuthSMTP]:
    server = OAuthSMTP(oauth_provider_session)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def oauth_smtp(oauth_smtp_session: OAuthSMTP) -> Iterator[OAuthSMTP]:
    oauth_smtp_session.clear()
    yield oauth_smtp_session
    oauth_smtp_session.clear()
