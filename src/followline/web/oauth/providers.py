"""The OAuth2 mail providers: Google, Microsoft and one operator-defined "other" provider.

A preset knows a provider's endpoints, the scopes mail needs, its IMAP and SMTP servers and
how to learn which address the mailbox is; the operator supplies only the client id and
secret (``FOLLOWLINE_OAUTH_PROVIDERS``, filled from environment variables in the settings:
``docs/oauth-setup.md``). A provider without a client id is not offered at all
(:func:`configured`), so nobody meets a button that fails later.

The address of the mailbox comes, in this order, from the ID token the token endpoint
returns (``jwks_url`` set: its signature, audience and expiry are checked), else from the
``userinfo_url`` (called with the new access token), else the user types it before the
flow starts (:attr:`Provider.asks_address`).

>>> google = preset("google", {"client_id": "id", "client_secret": "s"})
>>> google.imap_host, google.scopes[0]
('imap.gmail.com', 'https://mail.google.com/')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings

GOOGLE = "google"
MICROSOFT = "microsoft"
OTHER = "other"
ORDER = (GOOGLE, MICROSOFT, OTHER)


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    button: str
    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    mail_scopes: tuple[str, ...]
    imap_host: str
    imap_port: int = 993
    imap_ssl: bool = True
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls, ssl or none (as SmtpAccount.security)
    revoke_url: str = ""
    userinfo_url: str = ""
    jwks_url: str = ""
    revoke_help: str = ""  # where a user removes the grant by hand
    authorize_params: tuple[tuple[str, str], ...] = ()
    # Send the scopes again when renewing (Microsoft requires them; elsewhere omitting them
    # means "what was granted", RFC 6749 section 6).
    scope_on_refresh: bool = False
    client_id: str = ""
    client_secret: str = field(default="", repr=False)

    @property
    def asks_address(self) -> bool:
        """True when the provider cannot tell us the address: the user types it."""
        return not (self.userinfo_url or self.jwks_url)

    @property
    def can_send(self) -> bool:
        return bool(self.smtp_host)


def _google(conf: Mapping[str, Any]) -> Provider:
    return Provider(
        key=GOOGLE,
        name="Gmail",
        button="Connect Gmail",
        authorize_url="https://accounts.google.com/o/oauth2/v2/auth",
        token_url="https://oauth2.googleapis.com/token",
        revoke_url="https://oauth2.googleapis.com/revoke",
        userinfo_url="https://openidconnect.googleapis.com/v1/userinfo",
        # mail.google.com is the only scope that allows IMAP and SMTP; openid email tell
        # us the address.
        scopes=("https://mail.google.com/", "openid", "email"),
        mail_scopes=("https://mail.google.com/",),
        imap_host="imap.gmail.com",
        smtp_host="smtp.gmail.com",
        revoke_help="https://myaccount.google.com/connections",
        # offline: a refresh token; consent: a new one on every reconnect.
        authorize_params=(("access_type", "offline"), ("prompt", "consent")),
    )


def _microsoft(conf: Mapping[str, Any]) -> Provider:
    tenant = conf.get("tenant") or "common"
    base = f"https://login.microsoftonline.com/{tenant}"
    imap, smtp = (
        "https://outlook.office.com/IMAP.AccessAsUser.All",
        "https://outlook.office.com/SMTP.Send",
    )
    return Provider(
        key=MICROSOFT,
        name="Microsoft 365 / Outlook.com",
        button="Connect Microsoft 365 / Outlook.com",
        authorize_url=f"{base}/oauth2/v2.0/authorize",
        token_url=f"{base}/oauth2/v2.0/token",
        jwks_url=f"{base}/discovery/v2.0/keys",
        # No revocation endpoint (RFC 7009) at Microsoft: the user removes the app's
        # permissions in their account.
        scopes=(imap, smtp, "offline_access", "openid", "email"),
        mail_scopes=(imap,),
        imap_host="outlook.office365.com",
        smtp_host="smtp.office365.com",
        revoke_help="https://myapplications.microsoft.com/ (work or school), "
        "https://account.live.com/consent/Manage (personal)",
        scope_on_refresh=True,
    )


def _other(conf: Mapping[str, Any]) -> Provider:
    scopes = tuple(str(conf.get("scopes", "")).split())
    return Provider(
        key=OTHER,
        name=conf.get("name") or "Other provider",
        button=f"Connect {conf.get('name') or 'other provider'}",
        authorize_url=conf.get("authorize_url", ""),
        token_url=conf.get("token_url", ""),
        revoke_url=conf.get("revoke_url", ""),
        userinfo_url=conf.get("userinfo_url", ""),
        jwks_url=conf.get("jwks_url", ""),
        scopes=scopes,
        mail_scopes=tuple(str(conf.get("mail_scopes", "")).split()) or scopes,
        imap_host=conf.get("imap_host", ""),
        imap_port=int(conf.get("imap_port") or 993),
        imap_ssl=bool(conf.get("imap_ssl", True)),
        smtp_host=conf.get("smtp_host", ""),
        smtp_port=int(conf.get("smtp_port") or 587),
        smtp_security=conf.get("smtp_security") or "starttls",
        revoke_help=conf.get("revoke_help", ""),
    )


_PRESETS = {GOOGLE: _google, MICROSOFT: _microsoft, OTHER: _other}


def preset(key: str, conf: Mapping[str, Any]) -> Provider:
    """The provider ``key`` with the operator's configuration ``conf`` applied."""
    provider = _PRESETS[key](conf)
    return replace(
        provider,
        client_id=conf.get("client_id", ""),
        client_secret=conf.get("client_secret", ""),
    )


def _usable(provider: Provider) -> bool:
    needed = (provider.client_id, provider.authorize_url, provider.token_url, provider.imap_host)
    return all(needed) and bool(provider.scopes)


def configured() -> list[Provider]:
    """The providers this site offers: those with a client id (and, for "other", its
    endpoints and IMAP server) in ``FOLLOWLINE_OAUTH_PROVIDERS``."""
    confs = settings.FOLLOWLINE_OAUTH_PROVIDERS
    found = (preset(key, confs[key]) for key in ORDER if key in confs)
    return [p for p in found if _usable(p)]


def get(key: str) -> Provider | None:
    """The configured provider ``key``, or ``None`` when this site does not offer it."""
    return next((p for p in configured() if p.key == key), None)
