"""The authorization-code flow with PKCE (RFC 7636, S256) through authlib.

1. :func:`begin` makes the provider's authorization URL with a fresh ``state`` and a PKCE
   ``code_verifier``; the caller keeps both (the web session) and redirects the browser.
2. The provider sends the browser back to the callback with ``code`` and ``state``; the
   caller checks the state against the one it kept (one use only) and calls :func:`finish`,
   which exchanges the code (with the verifier) for tokens, checks that the mail scopes were
   granted and learns the mailbox's address.

The redirect URL is ``FOLLOWLINE_BASE_URL`` + ``/mail/oauth/callback/`` for every provider
(:func:`redirect_uri`): register exactly that at the provider.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuthError
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from followline.web.core.links import absolute_url
from followline.web.oauth.providers import Provider
from followline.web.oauth.tokens import ProviderUnavailable, session_for, token_error

CALLBACK_PATH = "/mail/oauth/callback/"


class FlowError(Exception):
    """The connection did not happen; the message says why, in words for the user."""


@dataclass(frozen=True)
class Started:
    url: str
    state: str
    verifier: str = field(repr=False)


@dataclass(frozen=True)
class Granted:
    token: dict = field(repr=False)
    address: str  # "" when the provider does not tell it


def redirect_uri() -> str:
    return absolute_url(CALLBACK_PATH)


def begin(provider: Provider, *, login_hint: str = "") -> Started:
    verifier = generate_token(64)
    params = dict(provider.authorize_params)
    if login_hint:
        params["login_hint"] = login_hint
    with session_for(provider, redirect_uri=redirect_uri()) as client:
        url, state = client.create_authorization_url(
            provider.authorize_url, code_verifier=verifier, **params
        )
    return Started(url=url, state=state, verifier=verifier)


def finish(provider: Provider, *, code: str, verifier: str) -> Granted:
    """Exchange ``code`` for tokens; raises :class:`FlowError` or
    :class:`~followline.web.oauth.tokens.ProviderUnavailable`."""
    try:
        with session_for(provider, redirect_uri=redirect_uri()) as client:
            token = dict(
                client.fetch_token(
                    provider.token_url,
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=verifier,
                )
            )
    except OAuthError as exc:
        raise FlowError(str(token_error(provider, exc))) from exc
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"could not reach {provider.name}: {exc}") from exc
    if not token.get("access_token"):
        raise FlowError(f"{provider.name} answered without an access token")
    missing = missing_scopes(provider, token.get("scope"))
    if missing:
        raise FlowError(
            f"{provider.name} did not grant access to your mail (missing: {', '.join(missing)}). "
            "Connect again and allow every permission asked for: followline only reads "
            "the folder you choose and sends only what you ask it to."
        )
    if not token.get("refresh_token"):
        raise FlowError(
            f"{provider.name} gave no refresh token, so access would stop within the hour; "
            "the site's operator must allow offline access for its client"
        )
    return Granted(token=token, address=address_of(provider, token))


def missing_scopes(provider: Provider, granted: str | list[str] | None) -> list[str]:
    """The mail scopes not in ``granted`` (absent: everything asked was granted, RFC 6749
    section 5.1). Compared without case; Microsoft may drop the resource prefix."""
    if granted is None or granted == "":
        return []
    words = granted.split() if isinstance(granted, str) else list(granted)
    have = {w.lower() for w in words} | {_last(w) for w in words}
    return [s for s in provider.mail_scopes if not {s.lower(), _last(s)} & have]


def _last(scope: str) -> str:
    """``IMAP.AccessAsUser.All`` of ``https://outlook.office.com/IMAP.AccessAsUser.All``
    (the whole scope when it ends in a slash)."""
    lowered = scope.lower()
    return lowered if lowered.endswith("/") else lowered.rsplit("/", 1)[-1]


def address_of(provider: Provider, token: dict) -> str:
    """The mailbox's address from the ID token or the userinfo endpoint ("" when the
    provider tells neither)."""
    if provider.jwks_url and token.get("id_token"):
        claims = id_token_claims(provider, token["id_token"])
        found = claims.get("email") or claims.get("preferred_username") or ""
        if "@" in str(found):
            return str(found).strip().lower()
    if provider.userinfo_url:
        try:
            response = requests.get(
                provider.userinfo_url,
                headers={"Authorization": f"Bearer {token['access_token']}"},
                timeout=20,
            )
            response.raise_for_status()
            info = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(f"could not ask {provider.name} who you are: {exc}") from exc
        found = info.get("email") or info.get("preferred_username") or ""
        if "@" in str(found):
            return str(found).strip().lower()
    return ""


def id_token_claims(provider: Provider, id_token: str) -> dict:
    """The claims of an ID token whose signature (the provider's published keys), audience
    (our client id) and expiry check out; raises :class:`FlowError` otherwise."""
    try:
        response = requests.get(provider.jwks_url, timeout=20)
        response.raise_for_status()
        keys = KeySet.import_key_set(response.json())
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"could not read {provider.name}'s keys: {exc}") from exc
    try:
        decoded = jwt.decode(id_token, keys, algorithms=["RS256", "ES256", "PS256"])
        jwt.JWTClaimsRegistry(
            aud={"essential": True, "value": provider.client_id}, exp={"essential": True}
        ).validate(decoded.claims)
    except (JoseError, ValueError) as exc:
        raise FlowError(f"{provider.name}'s ID token does not check out: {exc}") from exc
    return dict(decoded.claims)
