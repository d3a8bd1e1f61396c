"""Settings for every test that renders a page through Django's test client."""

from __future__ import annotations

import pytest


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
