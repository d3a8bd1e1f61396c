"""Fixed-window rate limits on Django's cache: ``allow("signup", ip, limit=10, window=3600)``.

Used by sign-up and password reset (per address and per e-mail), by the mail server
checks and by "send the confirmation link again" (per user). The cache is the one the
server processes and the worker share (files in the data directory, ``settings.CACHES``), so
the counts hold across ``serve --processes N``; its add-then-increment is not atomic between
processes, so two racing attempts may both count as the last allowed one.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULTS = {  # name: (attempts, seconds)
    "signup": (10, 3600),  # per client address
    "reset-ip": (10, 3600),  # password reset forms per client address
    "reset-email": (3, 3600),  # password reset mails per e-mail address
    "mail-check": (20, 3600),  # mail server checks per user
    "confirm-email": (3, 3600),  # "send the confirmation link again" per user
}


def limit_of(name: str) -> tuple[int, int]:
    return getattr(settings, "FOLLOWLINE_RATE_LIMITS", {}).get(name, DEFAULTS[name])


def allow(name: str, key: object) -> bool:
    """Count one attempt of ``name`` by ``key``; ``False`` once the window's limit is
    passed."""
    attempts, window = limit_of(name)
    slot = f"ratelimit:{name}:{key}:{int(time.time() // window)}"
    if cache.add(slot, 1, window + 1):
        return attempts >= 1
    try:
        return cache.incr(slot) <= attempts
    except ValueError:  # expired between add and incr: a new window
        cache.add(slot, 1, window + 1)
        return True


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
