"""Secure headers that Django's SecurityMiddleware does not set (CSP comes from django-csp),
and the viewer's own time zone."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from followline.web.core.forms import zone_names

# set by app.js from Intl.DateTimeFormat().resolvedOptions().timeZone
ZONE_COOKIE = "followline_tz"


class SecureHeadersMiddleware:
    """Adds ``Permissions-Policy`` and ``Cross-Origin-Resource-Policy`` to every response,
    and keeps logged-in pages out of shared caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.setdefault("Cache-Control", "private, no-store")
        return response


class ViewerZoneMiddleware:
    """Activates the viewer's zone (the browser's, from the ``followline_tz`` cookie that
    app.js sets) for the request: times without a zone of their own are shown in it, and
    times in another zone (an application's, an opening's) are labelled with theirs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = request.COOKIES.get(ZONE_COOKIE, "")
        request.viewer_zone = name if name in zone_names() else None
        if request.viewer_zone:
            timezone.activate(ZoneInfo(request.viewer_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
