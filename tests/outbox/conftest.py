from __future__ import annotations

import pytest

from .smtp_servers import RecordingHandler, smtp_server


@pytest.fixture(autouse=True)
def _local_mail_servers_allowed(settings):
    """The test mail servers run on loopback (netguard refuses that by default)."""
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = True


@pytest.fixture
def smtp(settings):
    """A recording SMTP server on loopback, with Django pointed at it."""
    with smtp_server(RecordingHandler()) as (handler, port):
        _point(settings, port)
        yield handler


@pytest.fixture
def smtp_factory(settings):
    """Start an SMTP server with a given behaviour: ``smtp_factory(temp_failures=2)``."""
    from contextlib import ExitStack

    with ExitStack() as stack:

        def start(**behaviour) -> RecordingHandler:
            handler, port = stack.enter_context(smtp_server(RecordingHandler(**behaviour)))
            _point(settings, port)
            return handler

        yield start


def _point(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.DEFAULT_FROM_EMAIL = "followline@followline.test"
