from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from oauth2_provider import urls as dot_urls

from tests.oauth_provider import control
from tests.oauth_provider.introspection import MailIntrospectView
from tests.oauth_provider.token import SerialRevokeTokenView, SerialTokenView


def home(request):
    return HttpResponse("Loopback OAuth2 provider (followline's tests)", content_type="text/plain")


oauth_patterns = [
    # ours first, at DOT's paths: introspection with e-mail and per service, one token
    # request at a time
    path("introspect/", MailIntrospectView.as_view(), name="introspect"),
    path("introspect/<str:service>/", MailIntrospectView.as_view(), name="introspect-service"),
    path("token/", SerialTokenView.as_view(), name="token"),
    path("revoke_token/", SerialRevokeTokenView.as_view(), name="revoke-token"),
    *dot_urls.base_urlpatterns,
    *dot_urls.oidc_urlpatterns,
]

urlpatterns = [
    path("", home),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("o/", include((oauth_patterns, "oauth2_provider"))),
    # RFC 8414 metadata at the root (authlib's server_metadata_url can point here)
    *dot_urls.metadata_urlpatterns,
    path("_control/users/", control.create_user),
    path("_control/clients/", control.create_client),
    path("_control/revoke-all/", control.revoke_all),
    path("_control/tokens/", control.mint_token),
]
