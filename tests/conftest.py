"""Shared by every test: rate-limit counters (kept in Django's per-process cache) start
empty, so that one test's sign-ups or mail checks do not count against the next."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
