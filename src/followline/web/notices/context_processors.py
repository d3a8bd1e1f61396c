"""The unread count in the header of every signed-in page (one indexed count query)."""

from __future__ import annotations

from django.http import HttpRequest

from followline.web.notices.notify import unread_count


def notices(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": unread_count(user)}
