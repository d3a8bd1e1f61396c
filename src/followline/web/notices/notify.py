"""Making notices (the one function the worker, the mail sync and the imports call), marking
them read, and the unread count in every signed-in page's header.

The count is kept a minute at most in the cache the processes share and dropped whenever a
notice is made or read here, so the header asks the database once in a while, not on every
page. Notices are made and read only through this module."""

from __future__ import annotations

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
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
    _forget_unread(user_id)
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


UNREAD_SECONDS = 60


def _unread_key(user_id: int) -> str:
    return f"unread-notices:{user_id}"


def _forget_unread(user_id: int) -> None:
    """Drop the cached count now and when the transaction commits (a page counting in
    between would cache the count without the new notice)."""
    cache.delete(_unread_key(user_id))
    transaction.on_commit(lambda: cache.delete(_unread_key(user_id)))


def unread_count(user) -> int:
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notice.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def mark_read(user, pk: int | None = None) -> int:
    """Mark the person's notice ``pk`` read, or all of theirs; how many were unread."""
    rows = Notice.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    count = rows.update(read_at=timezone.now())
    _forget_unread(user.pk)
    return count
