"""Undo after a delete: the deleted rows are kept in the person's session for a while, and
the message that says what was deleted offers to put them back.

The rows are written with Django's own serializer (every field and the primary key), so an
undo restores exactly what was there, under the same id. Only the last delete can be
undone, for :data:`KEEP_SECONDS`; the session belongs to the person who deleted, and the
view that restores checks that the rows' parent is still theirs.

>>> # in a view: remember(request, [row], parent=app.pk); messages.success(..., extra_tags=TAG)
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest

SESSION_KEY = "undo"
KEEP_SECONDS = 15 * 60
TAG = "undo"  # the message's extra tag: core/_messages.html shows the Undo button with it


class _Exact(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; an undo gives back the exact time."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def remember(request: HttpRequest, rows: Sequence[models.Model], *, parent: int) -> str:
    """Keep ``rows`` (about to be deleted) so the next undo can restore them; returns the
    token the Undo button posts."""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "parent": parent,
        "at": time.time(),
        "rows": serializers.serialize("json", rows, cls=_Exact),
    }
    return token


def token(request: HttpRequest) -> str:
    entry = request.session.get(SESSION_KEY) or {}
    return entry.get("token", "")


def restore(request: HttpRequest, given: str, *, parent_of, owns) -> int | None:
    """Put the remembered rows back if ``given`` is the last delete's token, it is recent,
    ``parent_of(row)`` (the id of each row's application) is the one remembered and
    ``owns(parent id)`` says it is still the person's. Returns that parent's id, or None
    when there is nothing to undo (any more)."""
    entry = request.session.get(SESSION_KEY) or {}
    if not given or not secrets.compare_digest(str(entry.get("token", "")), given):
        return None
    if time.time() - float(entry.get("at", 0)) > KEEP_SECONDS:
        request.session.pop(SESSION_KEY, None)
        return None
    found = list(serializers.deserialize("json", entry["rows"]))
    if not found or any(parent_of(obj.object) != entry["parent"] for obj in found):
        return None
    if not owns(entry["parent"]):
        return None
    with transaction.atomic():
        for obj in found:
            obj.save()
    request.session.pop(SESSION_KEY, None)
    return int(entry["parent"])
