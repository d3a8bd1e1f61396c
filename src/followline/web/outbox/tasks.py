"""Queued tasks of the outbox (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from followline.web.outbox.sender import SenderConfig, send_due


@task()
def send_soon() -> dict[str, int]:
    """Send what is due now. Mail that should not wait for the worker's next pass (a
    password reset) queues this after its outbox row; the worker's outbox job would send
    it a moment later anyway, and with an immediate task backend (tests) it goes at once."""
    return send_due(SenderConfig.from_settings("send-soon"), limit=20)
