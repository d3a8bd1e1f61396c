"""The unread count in the header of every signed-in page (one indexed count query).

The count is lazy: it is asked only when a template shows it, so the htmx partials that
answer a form (no header) cost no query for it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from followline.web.notices.notify import unread_count


def notices(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: unread_count(user))}
