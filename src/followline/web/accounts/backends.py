"""The log-in backend: Django's ``ModelBackend``, with the signed-in user read from the cache
the server processes share (``settings.CACHES``) instead of the database on every request.

A user's entry is dropped whenever the user is saved or deleted (password, address, active
flag, last log-in: :func:`forget`, connected in ``AccountsConfig.ready``), in whichever
process saves it, so no process goes on seeing an old password hash or a deactivated
account; Django still checks the session's password hash against the user on every request.
An entry lives five minutes at most. Code that changes users with ``QuerySet.update()``
bypasses the signal and must call :func:`forget` itself (none does today).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

SECONDS = 300


def _key(user_id: object) -> str:
    return f"auth-user:{user_id}"


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = cache.get(_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(_key(user_id), user, SECONDS)
        return user if self.user_can_authenticate(user) else None


def forget(sender: object, instance: Any, **kwargs: Any) -> None:
    cache.delete(_key(instance.pk))
