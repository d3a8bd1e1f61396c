"""RFC 7662 token introspection, as django-oauth-toolkit answers it, plus:

- ``email`` and ``sub`` in an active token's answer (Dovecot matches the login name of
  XOAUTH2/OAUTHBEARER against ``email``);
- ``/o/introspect/<service>/`` (``imap`` or ``smtp``): ``active: false`` unless the
  token holds a scope that opens that service (see scopes.py).

Like DOT's own view it answers only an authenticated client (HTTP Basic with a client's
id and secret, or a bearer token with the ``introspection`` scope).
"""

from __future__ import annotations

import calendar
import hashlib

from django.http import Http404, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import get_access_token_model
from oauth2_provider.views import IntrospectTokenView

from tests.oauth_provider.scopes import SERVICE_SCOPES, opens

INACTIVE = {"active": False}


def introspect(token_value: str | None, service: str | None = None) -> JsonResponse:
    if not token_value:
        return JsonResponse(
            {"error": "invalid_request", "error_description": "Token parameter is missing."},
            status=400,
        )
    checksum = hashlib.sha256(token_value.encode()).hexdigest()
    token = (
        get_access_token_model()
        .objects.select_related("user", "application")
        .filter(token_checksum=checksum)
        .first()
    )
    if token is None or not token.is_valid():
        return JsonResponse(INACTIVE)
    if service is not None and not opens(service, token.scope):
        return JsonResponse(INACTIVE)
    answer = {
        "active": True,
        "scope": token.scope,
        "exp": int(calendar.timegm(token.expires.timetuple())),
        "token_type": "Bearer",
    }
    if token.application:
        answer["client_id"] = token.application.client_id
    if token.user:
        answer["username"] = token.user.get_username()
        answer["sub"] = str(token.user.pk)
        answer["email"] = token.user.email
    return JsonResponse(answer)


@method_decorator(csrf_exempt, name="dispatch")
class MailIntrospectView(IntrospectTokenView):
    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("service") not in (None, *SERVICE_SCOPES):
            raise Http404("no such service")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, service=None, **kwargs):
        return introspect(request.GET.get("token"), service)

    def post(self, request, *args, service=None, **kwargs):
        return introspect(request.POST.get("token"), service)
