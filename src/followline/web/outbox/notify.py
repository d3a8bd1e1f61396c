"""Claim notification keys and queue the mail that carries them, in one transaction.

Running the same decision twice finds the keys taken and queues nothing; two workers
racing on the same keys end with one winner per key (unique key): the loser rolls back and
tries again with what is left.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from django.db import IntegrityError, transaction

from followline.web.outbox.models import Notification, OutboxMessage


def notify_once(
    keys: Sequence[str], send: Callable[[list[str], str], OutboxMessage]
) -> OutboxMessage | None:
    """For the keys not yet notified, call ``send(fresh_keys, dedupe_key)`` (which enqueues
    the mail) and record them. Returns the queued row, or None when nothing was fresh.

    When another worker records some of the same keys first, this transaction rolls back
    whole and is tried again with the keys still fresh, so no key is lost either.
    """
    for _ in range(5):
        try:
            return _notify(keys, send)
        except IntegrityError:  # another worker took some of these keys: look again
            continue
    return None


def _notify(
    keys: Sequence[str], send: Callable[[list[str], str], OutboxMessage]
) -> OutboxMessage | None:
    with transaction.atomic():
        taken = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
        fresh = [k for k in keys if k not in taken]
        if not fresh:
            return None
        digest = hashlib.sha256("\n".join(sorted(fresh)).encode()).hexdigest()[:40]
        message = send(fresh, f"notify:{digest}")
        Notification.objects.bulk_create([Notification(key=k, message=message) for k in fresh])
        return message
