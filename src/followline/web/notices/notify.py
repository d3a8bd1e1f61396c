"""Making notices: the one function the worker, the mail sync and the imports call."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.http import url_has_allowed_host_and_scheme

from followline.web.notices.models import Notice


def notify(
    user_id: int,
    kind: object,  # a Kind
    text: str,
    *,
    url: str = "",
    key: str = "",
    problem: bool = False,
) -> Notice | None:
    """Add a notice for the person ``user_id``; ``None`` when one with ``key`` exists.

    ``url`` must be a path of this site (``/applications/12/``): anything else is dropped,
    so a notice can never send anyone elsewhere.
    """
    if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, None)):
        url = ""
    fields = {"kind": str(kind), "text": text[:500], "url": url[:300], "problem": problem}
    if not key:
        return Notice.objects.create(user_id=user_id, **fields)
    key = key[:250]
    try:
        with transaction.atomic():
            notice, created = Notice.objects.get_or_create(
                user_id=user_id, key=key, defaults=fields
            )
    except IntegrityError:  # a concurrent notify with the same key won
        return None
    return notice if created else None


def unread_count(user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
