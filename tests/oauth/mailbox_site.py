"""followline's side of the OAuth tests: the site configured with the loopback provider as
its "other OAuth2 provider" (exactly as an operator would, through
``FOLLOWLINE_OAUTH_PROVIDERS``), and a user connecting a mailbox through it without a
browser (the Django test client for the site, the provider's own pages over HTTP for
sign-in and consent). The browser version is test_mailbox_browser.py."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

import requests
from django.utils import timezone

from tests.oauth import flow
from tests.oauth.provider import OAuthClient, OAuthProvider, ProviderUser

CALLBACK = "/mail/oauth/callback/"


def configure(
    settings,
    provider: OAuthProvider,
    client: OAuthClient,
    *,
    imap_port: int,
    smtp_port: int | None = None,
    base_url: str = "http://testserver",
    **overrides,
) -> dict:
    """Offer the loopback provider on the site (and nothing else)."""
    conf = {
        "name": "Loopback Mail",
        "client_id": client.client_id,
        "client_secret": client.client_secret,
        "authorize_url": provider.authorize_url,
        "token_url": provider.token_url,
        "revoke_url": provider.revoke_url,
        "userinfo_url": provider.userinfo_url,
        "jwks_url": provider.jwks_url,
        "scopes": "openid email mail",
        "mail_scopes": "mail",
        "imap_host": "127.0.0.1",
        "imap_port": imap_port,
        "imap_ssl": False,
        "smtp_host": "127.0.0.1" if smtp_port else "",
        "smtp_port": smtp_port or 587,
        "smtp_security": "none",
    } | overrides
    settings.FOLLOWLINE_OAUTH_PROVIDERS = {"other": conf}
    settings.FOLLOWLINE_BASE_URL = base_url
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = True
    return conf


def start(web, **data):
    """Press "Connect Loopback Mail" on /mail/: the redirect to the provider."""
    response = web.post("/mail/oauth/start/", {"provider": "other", **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def come_back(web, location: str):
    """The browser arriving at the site's callback (``location`` from the provider)."""
    parts = urlsplit(location)
    assert parts.path == CALLBACK, location
    return web.get(f"{parts.path}?{parts.query}", follow=True)


def connect(web, provider: OAuthProvider, user: ProviderUser, **data):
    """The whole flow as a user does it; returns the page the site ends on."""
    return come_back(web, provider.consent(start(web, **data), user))


def consent_to(authorize_url: str, user: ProviderUser, scope: str) -> str:
    """Consent to less than was asked (as Google's consent screen lets a user untick a
    permission): the consent form is posted with ``scope`` instead of the asked one."""
    http = requests.Session()
    page = http.get(authorize_url, timeout=30)
    action, fields = flow._form(page, "main form")
    fields |= {"username": user.username, "password": user.password}
    page = http.post(action, data=fields, headers={"Referer": page.url}, timeout=30)
    action, fields = flow._form(page, "form#authorizationForm")
    fields |= {"allow": "Authorize", "scope": scope}
    answer = http.post(
        action, data=fields, headers={"Referer": page.url}, allow_redirects=False, timeout=30
    )
    assert answer.status_code in (301, 302, 303), answer.text[:2000]
    return answer.headers["Location"]


def message(sender: str, to: str, subject: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = make_msgid(domain="mail.test")
    msg.set_content(body)
    return msg.as_bytes()
