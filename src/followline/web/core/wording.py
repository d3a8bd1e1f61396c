"""The engine's answers in plain English, as people read them on the site.

Sentences about the plan and the policy come from the engine (:mod:`followline.line.explain`);
this module only adds the site's own bits: zones by name, the what-if sentence, badges.

>>> from datetime import datetime, timezone
>>> when(datetime(2026, 11, 10, 16, 0, tzinfo=timezone.utc), "America/Chicago")
'Tue 10 Nov 10:00'
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone as djtz

from followline.line import explain, next_step_sentence
from followline.line.explain import when_words, zone_label
from followline.line.types import Action, ContactJudgement, NextStep, Verdict

VERDICT_WORDS = {
    Verdict.APPROPRIATE: "appropriate",
    Verdict.PREMATURE: "premature",
    Verdict.EXCESSIVE: "excessive",
    Verdict.HARASSING: "harassing",
}
STANDINGS = tuple(VERDICT_WORDS.values())  # mild to severe, for filters
_CONTACT_NUMBER = re.compile(r"contact #(\d+)")
# The classifier's labels (both sides', and its two non-kinds) as the site names them.
LABEL_WORDS = {
    "thank_you": "Thank-you",
    "status_inquiry": "Status inquiry",
    "scheduling": "Scheduling",
    "application": "Application",
    "withdrawal": "Withdrawal",
    "other": "Other",
    "rejection": "Rejection",
    "offer": "Offer",
    "invitation": "Invitation to interview",
    "request": "Request",
    "update": "Status update",
    "not_job": "Not about the job",
    "unsure": "Unsure",
}


def label_words(label: str) -> str:
    return LABEL_WORDS.get(label, label.replace("_", " "))


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def zone(tz: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(tz or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def viewer() -> str | None:
    """The viewer's zone for this request (activated by ViewerZoneMiddleware), or None when
    it is not known (no account zone, no browser cookie; background work)."""
    if djtz.get_current_timezone() is djtz.get_default_timezone():
        return None
    return djtz.get_current_timezone_name()


def when(at: datetime, tz: str | None = None) -> str:
    """``Tue 10 Nov 10:00`` in the given IANA zone."""
    return when_words(at, zone(tz))


def when_for(at: datetime, tz: str | None, viewer: str | None) -> str:
    """``when`` in ``tz``, labelled with its zone unless the viewer is in the same one
    (same offset at that instant): ``Tue 10 Nov 10:00 (Chicago time)``. ``viewer`` None:
    the viewer's zone is not known, so the label is always there."""
    return _labelled(when(at, tz), at, tz, viewer)


def day_for(at: datetime, tz: str | None, viewer: str | None) -> str:
    """``day`` in ``tz``, labelled like :func:`when_for`: ``Thu 26 Nov (Chicago time)``."""
    return _labelled(day(at, tz), at, tz, viewer)


def _labelled(words: str, at: datetime, tz: str | None, viewer: str | None) -> str:
    here = zone(tz)
    if (
        viewer is not None
        and at.astimezone(here).utcoffset() == at.astimezone(zone(viewer)).utcoffset()
    ):
        return words
    return f"{words} ({zone_label(here.key)})"


def day(at: datetime, tz: str | None = None) -> str:
    """``Tue 10 Nov`` in the given IANA zone."""
    return date_words(at.astimezone(zone(tz)).date())


def date_words(on: date) -> str:
    """A calendar day (no zone: a start date, a week) in the site's one format: ``Tue 10 Nov``."""
    return f"{on:%a} {on.day} {on:%b}"


def row_words(row, tz: str | None, mine: str = "your", theirs: str = "the employer's") -> str:
    """What a logged milestone or contact is, for the message after logging or deleting it:
    ``your thank-you, Tue 10 Nov 10:00``, ``the employer's update, ...``, ``interview, ...``.
    """
    at = when(row.at, tz)
    if hasattr(row, "party"):
        owner = theirs if row.party == "employer" else mine
        what = row.get_kind_display() if row.kind else row.get_channel_display()
        return f"{owner} {what.lower()}, {at}"
    return f"{row.get_type_display().lower()}, {at}"


def sic(quote: str) -> str:
    """A source quote with its misspellings marked: ``seems desparate [sic]``."""
    return explain.sic(quote)


def detail(words: str) -> str:
    """The engine's detail for people: its contact indexes count from 0 (``repeats contact
    #0``, as in the judge contract); people count from 1 (``repeats the first contact``)."""
    return _CONTACT_NUMBER.sub(lambda m: f"the {ordinal(int(m.group(1)) + 1)} contact", words)


def public_next(step: NextStep, now: datetime, tz: str | None = None) -> str:
    """The next step for the candidate's own status page, said by the employer to them:
    what is welcome and from when, or that there is no need to write."""
    why = step.reason.rule if step.reason else ""
    if step.action is Action.NONE:
        if step.not_before is not None and step.not_before > now:
            at = when_for(step.not_before, tz, viewer())
            return f"We look forward to your interview on {at}."
        return _PUBLIC_NONE.get(
            why, "We have everything we need from you for now: we will be in touch."
        )
    what = "a short thank-you" if step.action is Action.THANK_YOU else "a status inquiry"
    if step.not_before is None or step.not_before <= now:
        return f"You are welcome to send us {what} by email."
    at = when_for(step.not_before, tz, viewer())
    return f"You are welcome to send us {what} by email from {at}."


_PUBLIC_NONE = {
    "follow-up-budget": "We have your messages, thank you: there is no need to write again. "
    "We will be in touch.",
    "one-status-inquiry": "We have your status inquiry and will answer it: "
    "there is no need to write again.",
    "process-ended": "The process is complete: thank you for your interest.",
    "employer-invitation": "We will confirm the date of your next interview.",
}


def ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if 0 < n <= len(_ORDINALS) else f"{n}th"


def next_step(step: NextStep, now: datetime, tz: str | None = None) -> str:
    """The plan in one sentence, e.g. ``Next: your status inquiry, by email, from Tue 10 Nov
    10:00.`` (the engine's wording, in the application's zone; the zone named when it is
    not the viewer's, see :func:`viewer`)."""
    return _zoned_sentence(next_step_sentence(step, now, zone(tz)), step, now, tz)


def _zoned_sentence(sentence: str, step: NextStep, now: datetime, tz: str | None) -> str:
    """``sentence`` (ending in the step's time and a full stop) with the time's zone named
    when the viewer is elsewhere."""
    at = step.not_before
    if at is None or at <= now or not sentence.endswith("."):
        return sentence
    labelled = when_for(at, tz, viewer())
    plain = when(at, tz)
    if labelled == plain or not sentence.endswith(plain + "."):
        return sentence
    return sentence[: -len(plain) - 1] + labelled + "."


def is_due(step: NextStep, now: datetime) -> bool:
    """True when the next step is something to do today (already appropriate)."""
    if step.action is Action.NONE:
        return False
    return step.not_before is None or step.not_before <= now


def what_if(judgement: ContactJudgement, number: int) -> str:
    """``This would be your third follow-up: harassing.`` (and what a reply or update is)."""
    if judgement.verdict is None:
        return "An employer contact: it moves the employer's clock, not yours."
    verdict = VERDICT_WORDS[judgement.verdict]
    if number == 0:
        return f"This would not count as a follow-up: {verdict}."
    return f"This would be your {ordinal(number)} follow-up: {verdict}."


def verdict_class(verdict: Verdict | str | None) -> str:
    """The CSS class of a verdict badge."""
    return f"v-{verdict}" if verdict else "v-employer"
