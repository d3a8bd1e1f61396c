"""Secure headers that Django's SecurityMiddleware does not set (CSP comes from django-csp),
and the viewer's own time zone."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from followline.web.core import zones

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
    """Activates the viewer's zone for the request: times without a zone of their own are
    shown in it, and times in another zone (an application's, an opening's) are labelled
    with theirs.

    The viewer's zone is their account's (:class:`~followline.web.core.models.Profile`,
    cached in the session) when signed in, else the browser's (the ``followline_tz``
    cookie that app.js sets). An account whose zone is not known yet takes the browser's on
    this visit: its first, for accounts made before zones were kept. Placed after the
    session and authentication middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        browser = request.COOKIES.get(ZONE_COOKIE, "")
        browser = browser if zones.known(browser) else ""
        name = self._account_zone(request, browser) or browser
        request.viewer_zone = name or None
        if name:
            timezone.activate(ZoneInfo(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    @staticmethod
    def _account_zone(request: HttpRequest, browser: str) -> str:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not user.is_authenticated:
            return ""
        name = session.get(zones.SESSION_KEY)
        if name is None:  # not looked up in this session yet
            name = zones.account_zone(user)
            session[zones.SESSION_KEY] = name
        if not name and browser:  # first seen: the browser's zone becomes the account's
            zones.set_account_zone(user, browser, session)
            name = browser
        return name
