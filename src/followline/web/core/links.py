"""Absolute links for mail: a path of the site on ``FOLLOWLINE_BASE_URL``."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(path: str) -> str:
    return urljoin(settings.FOLLOWLINE_BASE_URL, path)
