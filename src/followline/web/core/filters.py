"""The pages' own template filters: dates in a zone, verdict badges, kind labels (put in the
Jinja2 environment by :mod:`followline.web.core.jinja`)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from followline.classify.labels import LABELS as SIDE_LABELS
from followline.web.core import wording
from followline.web.core.models import Channel, ContactKind


def when(value: datetime | None, tz: str | None = None) -> str:
    """``{{ contact.at|when(app.timezone) }}`` → ``Tue 10 Nov 10:00``, with ``(Chicago time)``
    when the viewer's zone (the active one, see ViewerZoneMiddleware) is another or unknown;
    ``{{ m.created_at|when }}``: in the viewer's zone."""
    if not value:
        return "—"
    viewer = wording.viewer()
    return wording.when_for(value, tz or viewer or "UTC", viewer)


def day(value: datetime | date | None, tz: str | None = None) -> str:
    """``{{ c.promise_due_at|day(opening.timezone) }}`` → ``Thu 26 Nov``, with the zone named
    when the viewer's is another (or unknown), as :func:`when` does; a calendar date (``{{
    m.start_date|day }}``) has no zone: ``Mon 4 Jan``."""
    if not value:
        return "—"
    if not isinstance(value, datetime):
        return wording.date_words(value)
    viewer = wording.viewer()
    return wording.day_for(value, tz or viewer or "UTC", viewer)


def badge(verdict) -> str:
    """A coloured verdict badge; employer contacts (no verdict) get a neutral one."""
    if not verdict:
        return mark_safe('<span class="badge v-employer">employer</span>')
    return format_html(
        '<span class="badge {}">{}</span>',
        wording.verdict_class(verdict),
        wording.VERDICT_WORDS.get(verdict, str(verdict)),
    )


def sic(quote) -> str:
    """``{{ r.says|sic }}``: the source's misspellings marked [sic]."""
    return wording.sic(str(quote))


def detail(words) -> str:
    """``{{ r.detail|detail }}``: the engine's detail with contacts counted from 1."""
    return wording.detail(str(words))


def kind_label(kind) -> str:
    try:
        return ContactKind(str(kind)).label
    except ValueError:
        return str(kind).replace("_", " ")


def reading_label(label) -> str:
    """A classifier label (``status_inquiry``, ``not_job``, ``unsure``) in words."""
    return wording.label_words(str(label))


def correction_choices(contact) -> list[tuple[str, str]]:
    """The labels a person may give this contact: its writer's side's."""
    return [(label, wording.label_words(label)) for label in SIDE_LABELS[contact.side]]


def channel_label(channel) -> str:
    try:
        return Channel(str(channel)).label
    except ValueError:
        return str(channel)


def overdue(candidate, now) -> bool:
    return candidate.is_overdue(now)
