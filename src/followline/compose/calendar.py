"""Calendar files (RFC 5545) for next steps and the private per-candidate feed.

Built with the ``icalendar`` library. Every event has a stable ``UID`` (so a calendar app
updates instead of duplicating when the feed changes), a ``DTSTAMP`` in UTC (``now`` is a
parameter), and a start either in a named IANA zone (with its ``VTIMEZONE`` included) or in
UTC when the datetime only carries a fixed offset.

>>> from datetime import datetime, timezone
>>> cal = feed([CalendarEntry("app-1-status", "Status inquiry to Acme",
...             datetime(2026, 11, 9, 16, tzinfo=timezone.utc))],
...            name="followline", now=datetime(2026, 11, 2, tzinfo=timezone.utc))
>>> b"BEGIN:VEVENT" in cal
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from followline.compose.headers import single_line
from followline.line.explain import sic, zoned_when_words
from followline.line.types import Action, NextStep

PRODID = "-//followline//followline calendar//EN"
UID_DOMAIN = "followline"
_DURATION = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One thing on a date: a follow-up that becomes appropriate, or an employer's promise.

    ``key`` must be stable for the same thing across feed rebuilds (e.g. ``"app-12-status"``);
    the event UID is derived from it.
    """

    key: str
    summary: str
    start: datetime
    description: str = ""
    url: str | None = None
    category: str = "follow-up"
    alarm: bool = True


def _localise(value: datetime, tz: str | None) -> datetime:
    if value.tzinfo is None:
        raise ValueError("calendar datetimes must be timezone-aware")
    if tz:
        return value.astimezone(ZoneInfo(tz))
    if isinstance(value.tzinfo, ZoneInfo):
        return value
    return value.astimezone(UTC)  # a bare offset has no TZID: use UTC


def _event(entry: CalendarEntry, now: datetime, tz: str | None) -> Event:
    start = _localise(entry.start, tz)
    event = Event.new(
        uid=f"{entry.key}@{UID_DOMAIN}",
        stamp=now.astimezone(UTC),
        start=start,
        end=start + _DURATION,
        summary=single_line(entry.summary),  # a content line holds no raw newline
        description=entry.description or None,
        url=entry.url,
        categories=[entry.category],
    )
    if entry.alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", single_line(entry.summary))
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
    return event


def feed(
    entries: Iterable[CalendarEntry],
    *,
    name: str,
    now: datetime,
    tz: str | None = None,
    refresh: timedelta = timedelta(hours=1),
) -> bytes:
    """A whole calendar (the subscribed feed, or a single-event .ics) as RFC 5545 bytes."""
    entries = list(entries)
    cal = Calendar.new(
        prodid=PRODID,
        name=single_line(name),
        refresh_interval=refresh,
        uid=f"{entries[0].key if len(entries) == 1 else name}@{UID_DOMAIN}",
    )
    cal.add("method", "PUBLISH")
    for entry in entries:
        cal.add_component(_event(entry, now, tz))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


_ACTION_WORDS = {Action.THANK_YOU: "Send a thank-you", Action.STATUS_INQUIRY: "Status inquiry"}


def when_in(moment: datetime, tz: str | None) -> str:
    """A time for a calendar's text, in the site's one format with its zone named
    (``Tue 10 Nov 10:00 (Chicago time)``): calendar apps show the event in the device's
    zone, so the text says which zone it was written in."""
    if tz:
        return zoned_when_words(moment, ZoneInfo(tz), tz)
    if isinstance(moment.tzinfo, ZoneInfo):  # the moment's own named zone
        return zoned_when_words(moment, moment.tzinfo, moment.tzinfo.key)
    return zoned_when_words(moment, UTC, "UTC")


def next_step_entry(
    step: NextStep,
    *,
    key: str,
    about: str,
    url: str | None = None,
    now: datetime,
    tz: str | None = None,
) -> CalendarEntry | None:
    """The calendar entry for a judged next step (``None`` when the step is "none"); its
    description says from when it is welcome (in ``tz``, named) and why."""
    if step.action == Action.NONE:
        return None
    start = step.not_before or now
    words = _ACTION_WORDS.get(step.action, str(step.action))
    detail = sic(step.reason.says) if step.reason else ""
    since = f"Welcome from {when_in(start, tz)}."
    return CalendarEntry(
        key=f"{key}-{step.action}",
        summary=f"{words}: {about}",
        start=start,
        description=f"{since} {detail}".strip(),
        url=url,
    )


def next_step_calendar(
    step: NextStep,
    *,
    key: str,
    about: str,
    now: datetime,
    url: str | None = None,
    tz: str | None = None,
) -> bytes | None:
    """A one-event ``.ics`` for a next step, or ``None`` when nothing is to be done."""
    entry = next_step_entry(step, key=key, about=about, url=url, now=now, tz=tz)
    if entry is None:
        return None
    return feed([entry], name=f"followline: {about}", now=now, tz=tz)
