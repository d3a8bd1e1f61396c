"""Shared by every test: the cache (rate-limit counters, sessions) starts
empty, so that one test's sign-ups or mail checks do not count against the next; pages
rendered in-process link static files by their plain names. Also loads the OAuth peers'
fixtures (tests/oauth/fixtures.py) and sets Hypothesis's profile (no deadline)."""

from __future__ import annotations

import pytest
from hypothesis import settings

# Hypothesis fails an example that takes over 200 ms by default: a timed assertion, which a
# shared machine breaks at random (the first example that loads the classifier's models, on
# a loaded host). Speed is measured in bench/, never in tests: no deadline.
settings.register_profile("followline", deadline=None)
settings.load_profile("followline")

# Real OAuth2 peers on loopback (provider, Dovecot, SMTP) for any test that asks for them:
# oauth_provider, oauth_imap, oauth_smtp (see tests/oauth/fixtures.py).
pytest_plugins = ["tests.oauth.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_collectstatic():
    """The site stores static files hashed and compressed by `collectstatic` (which
    `followline serve` runs); pages rendered in-process here link the plain names instead,
    as no test should need a collected STATIC_ROOT. The served browser tests keep the real
    storage."""
    from django.conf import settings
    from django.test.utils import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": plain},
        STATIC_ROOT=None,
        WHITENOISE_USE_FINDERS=True,
    ):
        yield
