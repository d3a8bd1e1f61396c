"""The test process's control API (JSON over loopback, behind a per-run secret header).

POST ``/_control/users/``     {username, password, email}            -> {id}
POST ``/_control/clients/``   {redirect_uris, name, grant}           -> {client_id, client_secret}
POST ``/_control/revoke-all/`` {username}                            -> {refresh_tokens, access_tokens}
POST ``/_control/tokens/``    {username, scope, client_id?, expires_in?}
                                                                    -> a token response (RFC 6749 5.1)

``grant`` is ``authorization-code`` (a confidential web client: the product) or
``client-credentials`` (a resource server that introspects: Dovecot, the SMTP server).
Tokens minted here are rows of DOT's own tables, exactly like those its token endpoint
makes, so introspection, refresh and revocation treat them alike.
"""

from __future__ import annotations

import hmac
import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, RefreshToken
from oauthlib.common import generate_token

from tests.oauth_provider import knobs
from tests.oauth_provider.scopes import SCOPES

TEST_CLIENT_ID = "loopback-test-client"
GRANTS = {
    "authorization-code": Application.GRANT_AUTHORIZATION_CODE,
    "client-credentials": Application.GRANT_CLIENT_CREDENTIALS,
}


def control(view):
    """Only the test process (it knows the secret); JSON in, JSON out."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapper(request: HttpRequest) -> JsonResponse:
        given = request.headers.get("X-Control-Secret", "")
        if not hmac.compare_digest(given, settings.CONTROL_SECRET):
            return JsonResponse({"error": "forbidden"}, status=403)
        try:
            body = json.loads(request.body or b"{}")
            return view(body)
        except (KeyError, TypeError, ValueError) as exc:
            return JsonResponse({"error": f"bad request: {exc!r}"}, status=400)

    return wrapper


@control
def create_user(body: dict) -> JsonResponse:
    try:
        user = get_user_model().objects.create_user(
            body["username"], body["email"], body["password"]
        )
    except IntegrityError:
        return JsonResponse({"error": f"user {body['username']!r} exists"}, status=409)
    return JsonResponse({"id": user.pk}, status=201)


@control
def create_client(body: dict) -> JsonResponse:
    secret = generate_client_secret()
    app = Application.objects.create(
        name=body.get("name", "client"),
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=GRANTS[body.get("grant", "authorization-code")],
        redirect_uris=" ".join(body.get("redirect_uris", [])),
        client_secret=secret,
        hash_client_secret=True,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )
    return JsonResponse({"client_id": app.client_id, "client_secret": secret}, status=201)


@control
def revoke_all(body: dict) -> JsonResponse:
    """Revoke every grant of the user (as "remove access" in an account's settings)."""
    user = get_user_model().objects.get(username=body["username"])
    with transaction.atomic():
        access = AccessToken.objects.filter(user=user).count()
        refresh = list(RefreshToken.objects.filter(user=user, revoked__isnull=True))
        for token in refresh:
            token.revoke()  # DOT deletes the refresh token's access token with it
        AccessToken.objects.filter(user=user).delete()  # and those minted without one
    return JsonResponse({"refresh_tokens": len(refresh), "access_tokens": access})


def _test_client() -> Application:
    app, _ = Application.objects.get_or_create(
        client_id=TEST_CLIENT_ID,
        defaults={
            "name": "tests' own client",
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": "http://127.0.0.1/unused",
            "client_secret": generate_client_secret(),
        },
    )
    return app


@control
def mint_token(body: dict) -> JsonResponse:
    """An access token and its refresh token for a user, without the consent screen."""
    user = get_user_model().objects.get(username=body["username"])
    scope = body.get("scope", "mail")
    unknown = set(scope.split()) - set(SCOPES)
    if unknown:
        return JsonResponse({"error": "invalid_scope", "unknown": sorted(unknown)}, status=400)
    client_id = body.get("client_id")
    app = Application.objects.get(client_id=client_id) if client_id else _test_client()
    expires_in = int(body.get("expires_in", knobs.access_token_lifetime()))
    with transaction.atomic():
        access = AccessToken(
            user=user,
            application=app,
            scope=scope,
            expires=timezone.now() + timedelta(seconds=expires_in),
        )
        access.token = generate_token()
        access.save()
        refresh = RefreshToken(user=user, application=app, access_token=access)
        refresh.token = generate_token()
        refresh.save()
    return JsonResponse(
        {
            "access_token": access.token,
            "refresh_token": refresh.token,
            "token_type": "Bearer",
            "expires_in": expires_in,
            "scope": scope,
            "client_id": app.client_id,
        },
        status=201,
    )
