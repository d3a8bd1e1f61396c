"""The authorization-code flow with PKCE, done over HTTP without a browser: what a user
does at the provider (sign in, consent) and what a client does (the authorize URL, the
code exchange). The browser version is in test_consent_browser.py."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from oauthlib.oauth2 import WebApplicationClient
from selectolax.lexbor import LexborHTMLParser

if TYPE_CHECKING:
    from tests.oauth.provider import OAuthClient, OAuthProvider, ProviderUser


class FlowError(AssertionError):
    pass


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge (RFC 7636), made by oauthlib."""
    helper = WebApplicationClient("pkce")
    verifier = helper.create_code_verifier(64)
    return verifier, helper.create_code_challenge(verifier, "S256")


def authorization_request(
    authorize_url: str,
    client_id: str,
    redirect_uri: str,
    scope: str,
    *,
    state: str,
    code_challenge: str | None,
    **extra: str,
) -> str:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": state,
        **extra,
    }
    if code_challenge is not None:
        params |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
    return f"{authorize_url}?{urlencode(params)}"


def _form(page: requests.Response, selector: str) -> tuple[str, dict[str, str]]:
    """The action URL and the named fields of the form ``selector`` on ``page``."""
    form = LexborHTMLParser(page.text).css_first(selector)
    if form is None:
        raise FlowError(f"no {selector} on {page.url} ({page.status_code}):\n{page.text[:2000]}")
    fields = {
        node.attributes["name"]: node.attributes.get("value") or ""
        for node in form.css("input[name]")
        if node.attributes.get("type") != "submit"
    }
    return urljoin(page.url, form.attributes.get("action") or page.url), fields


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _within(
    http: requests.Session, response: requests.Response, origin: tuple[str, str]
) -> tuple[requests.Response, str | None]:
    """Follow redirects while they stay at the provider; a redirect that leaves it (to
    the client's redirect URI) is returned as a URL, not followed."""
    while response.is_redirect:
        location = urljoin(response.url, response.headers["Location"])
        if _origin(location) != origin:
            return response, location
        response = http.get(location, allow_redirects=False, timeout=30)
    return response, None


def consent(
    authorize_url: str,
    user: ProviderUser,
    *,
    allow: bool = True,
    session: requests.Session | None = None,
) -> str:
    """Open ``authorize_url``, sign in as ``user`` when asked, press Authorize (or
    Cancel); return the URL the provider sends the browser back to (the client's redirect
    URI with ``code`` and ``state``, or with ``error``), without following it. Raises
    FlowError if the provider shows a page instead (an error page, a refused password)."""
    http = session or requests.Session()
    origin = _origin(authorize_url)
    page, back = _within(http, http.get(authorize_url, allow_redirects=False, timeout=30), origin)
    if back:
        return back
    if urlsplit(page.url).path.endswith("/accounts/login/"):
        action, fields = _form(page, "main form")
        fields |= {"username": user.username, "password": user.password}
        answer = http.post(
            action, data=fields, headers={"Referer": page.url}, allow_redirects=False, timeout=30
        )
        if not answer.is_redirect:
            raise FlowError(f"the provider refused {user.username}'s password")
        page, back = _within(http, answer, origin)
        if back:
            return back
    action, fields = _form(page, "form#authorizationForm")
    if allow:
        fields["allow"] = "Authorize"
    answer = http.post(
        action, data=fields, headers={"Referer": page.url}, allow_redirects=False, timeout=30
    )
    _, back = _within(http, answer, origin)
    if back is None:
        raise FlowError(f"no redirect after consent: {answer.status_code}\n{answer.text[:2000]}")
    return back


def callback_params(location: str) -> dict[str, str]:
    """The query of a redirect back to the client, one value per name."""
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def exchange_code(
    provider: OAuthProvider,
    client: OAuthClient,
    code: str,
    redirect_uri: str,
    code_verifier: str | None,
) -> requests.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if code_verifier is not None:
        data["code_verifier"] = code_verifier
    return requests.post(
        provider.token_url, data=data, auth=(client.client_id, client.client_secret), timeout=30
    )


def authorization_code_flow(
    provider: OAuthProvider,
    client: OAuthClient,
    user: ProviderUser,
    scope: str,
    redirect_uri: str,
) -> dict[str, Any]:
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(16)
    url = authorization_request(
        provider.authorize_url,
        client.client_id,
        redirect_uri,
        scope,
        state=state,
        code_challenge=challenge,
    )
    params = callback_params(consent(url, user))
    if params.get("state") != state or "code" not in params:
        raise FlowError(f"bad redirect back to the client: {params}")
    response = exchange_code(provider, client, params["code"], redirect_uri, verifier)
    if response.status_code != 200:
        raise FlowError(f"code exchange refused: {response.status_code} {response.text}")
    return response.json()
