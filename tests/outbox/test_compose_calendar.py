"""Calendar files, checked against the RFC 5545 rules by parsing them back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

from followline.compose import CalendarEntry, feed, next_step_calendar
from followline.line.types import Action, Channel, NextStep, Reason

NOW = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)
CHICAGO = ZoneInfo("America/Chicago")


def _check_rfc5545(data: bytes) -> icalendar.Calendar:
    """The rules calendar apps trip over: CRLF lines ≤ 75 octets, required properties."""
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    cal = icalendar.Calendar.from_ical(data)
    assert cal.name == "VCALENDAR"
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    tzids = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    for event in cal.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event, required
        assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)  # DTSTAMP is UTC
        start = event["DTSTART"]
        if "TZID" in start.params:  # every TZID used has its VTIMEZONE
            assert start.params["TZID"] in tzids
        assert event.decoded("DTEND") > event.decoded("DTSTART")
        for alarm in event.walk("VALARM"):
            assert {"ACTION", "TRIGGER", "DESCRIPTION"} <= set(alarm)
    return cal


def test_next_step_ics_in_the_candidates_zone():
    step = NextStep(
        Action.STATUS_INQUIRY,
        datetime(2026, 11, 9, 10, tzinfo=CHICAGO),
        Channel.EMAIL,
        Reason("status-wait", "kosher to send an email one week after"),
    )
    data = next_step_calendar(step, key="app-12", about="Acme, Pastry chef", now=NOW)
    cal = _check_rfc5545(data)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "app-12-status_inquiry@followline"
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event.decoded("DTSTART") == datetime(2026, 11, 9, 16, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Status inquiry: Acme, Pastry chef"
    assert "one week after" in str(event["DESCRIPTION"])
    # the text says the time as the site and the mail do, with the zone it was written in
    assert str(event["DESCRIPTION"]).startswith("Welcome from Mon 9 Nov 10:00 (Chicago time).")
    in_tokyo = next_step_calendar(step, key="a", about="x", now=NOW, tz="Asia/Tokyo")
    (event,) = icalendar.Calendar.from_ical(in_tokyo).walk("VEVENT")
    assert str(event["DESCRIPTION"]).startswith("Welcome from Tue 10 Nov 01:00 (Tokyo time).")


def test_nothing_to_do_means_no_ics():
    assert next_step_calendar(NextStep(Action.NONE), key="a", about="x", now=NOW) is None


def test_fixed_offsets_become_utc_and_named_zone_can_be_forced():
    start = datetime(2026, 11, 12, 9, tzinfo=timezone(timedelta(hours=-6)))
    entry = CalendarEntry("app-3-promise", "Acme promised an answer", start, category="promise")
    cal = _check_rfc5545(feed([entry], name="Ann's follow-ups", now=NOW))
    (event,) = cal.walk("VEVENT")
    assert "TZID" not in event["DTSTART"].params
    assert event["DTSTART"].to_ical().endswith(b"Z")
    forced = _check_rfc5545(feed([entry], name="x", now=NOW, tz="Europe/Berlin"))
    (event,) = forced.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == start


def test_feed_uids_are_stable_across_rebuilds_and_unique():
    entries = [
        CalendarEntry(
            f"app-{i}-status", f"Status inquiry {i}", datetime(2026, 11, 9 + i, 10, tzinfo=CHICAGO)
        )
        for i in range(3)
    ] + [CalendarEntry("app-0-promise", "Acme promised", datetime(2026, 11, 12, tzinfo=UTC))]
    one = _check_rfc5545(feed(entries, name="feed", now=NOW))
    two = _check_rfc5545(feed(entries, name="feed", now=NOW + timedelta(hours=5)))
    uids_one = [str(e["UID"]) for e in one.walk("VEVENT")]
    uids_two = [str(e["UID"]) for e in two.walk("VEVENT")]
    assert uids_one == uids_two and len(set(uids_one)) == 4
    assert len(one.walk("VTIMEZONE")) == 1  # one zone, defined once


def test_long_and_odd_text_is_folded_and_escaped():
    summary = "Status inquiry; to Ünïcødé, Ltd: " + "x" * 200
    data = feed([CalendarEntry("k", summary, NOW)], name="n", now=NOW)
    cal = _check_rfc5545(data)
    assert str(cal.walk("VEVENT")[0]["SUMMARY"]) == summary


def test_the_rules_words_in_a_calendar_file_mark_the_sources_misspellings_sic():
    """As on the site: the recruiter's words quoted as written, misspellings marked."""
    step = NextStep(
        Action.STATUS_INQUIRY,
        datetime(2026, 11, 9, 10, tzinfo=CHICAGO),
        Channel.EMAIL,
        Reason("status-inquiry-timing", "We tell candiates if interested we call within X."),
    )
    (event,) = icalendar.Calendar.from_ical(
        next_step_calendar(step, key="a", about="x", now=NOW)
    ).walk("VEVENT")
    assert "We tell candiates [sic] if interested" in str(event["DESCRIPTION"])
