"""The loopback OAuth2 provider is a real, strict authorization server: the
authorization-code flow with PKCE, refresh tokens that rotate, revocation, RFC 7662
introspection (per mail service), OpenID Connect, configurable lifetimes, a down state."""

from __future__ import annotations

import json
import secrets
import threading
import time

import pytest
import requests
from jwcrypto import jwk, jwt

from tests.oauth import flow
from tests.oauth_provider.scopes import GOOGLE_MAIL, MICROSOFT_IMAP, MICROSOFT_SMTP

REDIRECT = "http://127.0.0.1:9/callback"  # never followed by these tests


@pytest.fixture
def client(oauth_provider):
    return oauth_provider.create_client(REDIRECT)


@pytest.fixture
def user(oauth_provider):
    return oauth_provider.new_user("ann")


def _start(oauth_provider, client, scope="mail offline_access", *, challenge=True, **extra):
    verifier, code_challenge = flow.pkce_pair()
    state = secrets.token_urlsafe(8)
    url = flow.authorization_request(
        oauth_provider.authorize_url,
        client.client_id,
        extra.pop("redirect_uri", REDIRECT),
        scope,
        state=state,
        code_challenge=code_challenge if challenge else None,
        **extra,
    )
    return url, verifier, state


def test_authorization_code_flow_with_pkce_issues_tokens_for_the_user(oauth_provider, client, user):
    url, verifier, state = _start(oauth_provider, client, "openid email mail offline_access")
    back = flow.consent(url, user)
    assert back.startswith(REDIRECT + "?")
    params = flow.callback_params(back)
    assert params["state"] == state
    answer = flow.exchange_code(oauth_provider, client, params["code"], REDIRECT, verifier)
    assert answer.status_code == 200, answer.text
    tokens = answer.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert set(tokens["scope"].split()) == {"openid", "email", "mail", "offline_access"}
    assert tokens["refresh_token"]
    info = oauth_provider.introspect(tokens["access_token"])
    assert info["active"] is True
    assert info["email"] == user.email
    assert info["username"] == user.username
    assert info["client_id"] == client.client_id
    # the code is single-use
    again = flow.exchange_code(oauth_provider, client, params["code"], REDIRECT, verifier)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_openid_connect_id_token_and_userinfo_carry_the_mailbox_address(
    oauth_provider, client, user
):
    tokens = oauth_provider.authorize(client, user, "openid email profile mail", REDIRECT)
    keys = jwk.JWKSet.from_json(requests.get(oauth_provider.jwks_url, timeout=10).text)
    id_token = jwt.JWT(jwt=tokens["id_token"], key=keys, expected_type="JWS")
    claims = json.loads(id_token.claims)
    assert claims["email"] == user.email
    assert claims["aud"] == client.client_id
    assert claims["iss"] == oauth_provider.issuer
    userinfo = requests.get(
        oauth_provider.userinfo_url,
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    ).json()
    assert userinfo["email"] == user.email
    assert userinfo["preferred_username"] == user.username
    discovery = requests.get(oauth_provider.metadata_url, timeout=10).json()
    assert discovery["issuer"] == oauth_provider.issuer
    assert discovery["token_endpoint"] == oauth_provider.token_url
    assert discovery["authorization_endpoint"] == oauth_provider.authorize_url
    assert {"mail", GOOGLE_MAIL, MICROSOFT_IMAP, MICROSOFT_SMTP} <= set(
        discovery["scopes_supported"]
    )


def test_pkce_is_required(oauth_provider, client, user):
    url, _, _ = _start(oauth_provider, client, challenge=False)
    params = flow.callback_params(flow.consent(url, user))
    assert params["error"] == "invalid_request"
    assert "code" not in params


def test_a_wrong_code_verifier_gets_no_token(oauth_provider, client, user):
    url, _, _ = _start(oauth_provider, client)
    code = flow.callback_params(flow.consent(url, user))["code"]
    wrong = flow.pkce_pair()[0]
    answer = flow.exchange_code(oauth_provider, client, code, REDIRECT, wrong)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def test_a_wrong_client_secret_gets_no_token(oauth_provider, client, user):
    url, verifier, _ = _start(oauth_provider, client)
    code = flow.callback_params(flow.consent(url, user))["code"]
    impostor = type(client)(client.client_id, "not-the-secret")
    answer = flow.exchange_code(oauth_provider, impostor, code, REDIRECT, verifier)
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_an_unregistered_redirect_uri_is_refused_without_redirecting(oauth_provider, client):
    url, _, _ = _start(oauth_provider, client, redirect_uri="http://127.0.0.1:9/elsewhere")
    session = requests.Session()
    page = session.get(url, timeout=10, allow_redirects=True)
    assert "/accounts/login/" in page.url  # first the user signs in ...
    user = oauth_provider.new_user()
    with pytest.raises(flow.FlowError):  # ... then an error page, no consent form
        flow.consent(url, user, session=session)


def test_an_unknown_scope_is_refused(oauth_provider, client, user):
    url, _, _ = _start(oauth_provider, client, "mail https://example.invalid/everything")
    assert flow.callback_params(flow.consent(url, user))["error"] == "invalid_scope"


def test_cancel_on_the_consent_page_denies_access(oauth_provider, client, user):
    url, _, state = _start(oauth_provider, client)
    params = flow.callback_params(flow.consent(url, user, allow=False))
    assert params["error"] == "access_denied"
    assert params["state"] == state


def test_a_wrong_password_does_not_sign_in(oauth_provider, client, user):
    url, _, _ = _start(oauth_provider, client)
    with pytest.raises(flow.FlowError, match="refused"):
        flow.consent(url, type(user)(user.username, "wrong password", user.email))


def test_refresh_tokens_rotate_and_the_old_ones_stop_working(oauth_provider, client, user):
    first = oauth_provider.authorize(client, user, "mail offline_access", REDIRECT)
    answer = oauth_provider.refresh(client, first["refresh_token"])
    assert answer.status_code == 200, answer.text
    second = answer.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert oauth_provider.introspect(second["access_token"])["active"] is True
    assert oauth_provider.introspect(first["access_token"]) == {"active": False}
    reuse = oauth_provider.refresh(client, first["refresh_token"])
    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_grant"
    # another client cannot use the refresh token
    other = oauth_provider.create_client(REDIRECT)
    stolen = oauth_provider.refresh(other, second["refresh_token"])
    assert stolen.status_code == 400


def test_the_revocation_endpoint_revokes_the_grant(oauth_provider, client, user):
    tokens = oauth_provider.authorize(client, user, "mail", REDIRECT)
    answer = requests.post(
        oauth_provider.revoke_url,
        data={"token": tokens["refresh_token"], "token_type_hint": "refresh_token"},
        auth=(client.client_id, client.client_secret),
        timeout=10,
    )
    assert answer.status_code == 200
    assert oauth_provider.introspect(tokens["access_token"]) == {"active": False}
    refused = oauth_provider.refresh(client, tokens["refresh_token"])
    assert refused.json()["error"] == "invalid_grant"


def test_revoke_all_ends_every_grant_of_the_user(oauth_provider, client, user):
    by_flow = oauth_provider.authorize(client, user, "mail", REDIRECT)
    minted = oauth_provider.token_for(user.username, "mail", client_id=client.client_id)
    bystander = oauth_provider.new_user()
    theirs = oauth_provider.token_for(bystander.username, "mail")
    counts = oauth_provider.revoke_all(user.username)
    assert counts == {"refresh_tokens": 2, "access_tokens": 2}
    for tokens in (by_flow, minted):
        assert oauth_provider.introspect(tokens["access_token"]) == {"active": False}
        assert oauth_provider.refresh(client, tokens["refresh_token"]).status_code == 400
    assert oauth_provider.introspect(theirs["access_token"])["active"] is True


def test_minted_tokens_refresh_like_issued_ones(oauth_provider, client, user):
    minted = oauth_provider.token_for(user.username, "mail", client_id=client.client_id)
    assert minted["client_id"] == client.client_id
    answer = oauth_provider.refresh(client, minted["refresh_token"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["scope"] == "mail"


def test_access_token_lifetime_is_configurable_and_enforced(oauth_provider, client, user):
    oauth_provider.set_access_token_lifetime(2)
    tokens = oauth_provider.authorize(client, user, "mail", REDIRECT)
    assert tokens["expires_in"] == 2
    assert oauth_provider.introspect(tokens["access_token"])["active"] is True
    time.sleep(2.5)
    assert oauth_provider.introspect(tokens["access_token"]) == {"active": False}
    # the refresh token outlives it and brings a fresh access token
    fresh = oauth_provider.refresh(client, tokens["refresh_token"]).json()
    assert oauth_provider.introspect(fresh["access_token"])["active"] is True


def test_introspection_answers_only_authenticated_clients(oauth_provider, user):
    token = oauth_provider.token_for(user.username)["access_token"]
    anonymous = requests.post(oauth_provider.introspect_url, data={"token": token}, timeout=10)
    assert anonymous.status_code in (401, 403)
    assert "active" not in anonymous.text


@pytest.mark.parametrize(
    ("scope", "imap", "smtp"),
    [
        ("mail", True, True),
        (GOOGLE_MAIL, True, True),
        (f"{MICROSOFT_IMAP} offline_access", True, False),
        (f"{MICROSOFT_SMTP} offline_access", False, True),
        (f"{MICROSOFT_IMAP} {MICROSOFT_SMTP}", True, True),
        ("openid email profile offline_access", False, False),
    ],
)
def test_each_mail_service_accepts_only_tokens_with_its_scope(
    oauth_provider, user, scope, imap, smtp
):
    token = oauth_provider.token_for(user.username, scope)["access_token"]
    assert oauth_provider.introspect(token)["active"] is True
    assert oauth_provider.introspect(token, "imap")["active"] is imap
    assert oauth_provider.introspect(token, "smtp")["active"] is smtp


def test_stopped_provider_refuses_connections_then_comes_back(oauth_provider, user):
    token = oauth_provider.token_for(user.username)["access_token"]
    with oauth_provider.stopped():
        assert not oauth_provider.running
        with pytest.raises(requests.ConnectionError):
            requests.get(oauth_provider.base_url + "/", timeout=5)
    assert oauth_provider.running
    # same port, same database: what was issued before is still good
    assert oauth_provider.introspect(token)["active"] is True


def test_two_refreshes_with_one_refresh_token_one_wins_one_gets_invalid_grant(
    oauth_provider, client
):
    """A refresh race between two workers meets a well-defined provider: exactly one
    rotation; the loser is told invalid_grant (not a 500, not a second token)."""
    for _ in range(5):
        user = oauth_provider.new_user()
        tokens = oauth_provider.token_for(user.username, "mail", client_id=client.client_id)
        barrier = threading.Barrier(2)
        answers: list[requests.Response] = []

        def refresh(tokens=tokens, barrier=barrier, answers=answers):
            barrier.wait()
            answers.append(oauth_provider.refresh(client, tokens["refresh_token"]))

        racers = [threading.Thread(target=refresh) for _ in range(2)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join()
        assert sorted(a.status_code for a in answers) == [200, 400]
        [won] = [a.json() for a in answers if a.status_code == 200]
        [lost] = [a.json() for a in answers if a.status_code == 400]
        assert lost["error"] == "invalid_grant"
        assert oauth_provider.refresh(client, won["refresh_token"]).status_code == 200
