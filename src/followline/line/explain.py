"""Plain words for people: the next step as a sentence, a policy as what it allows."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from followline.line.types import Action, Channel, NextStep, Policy

_ACTION_WORDS = {
    Action.THANK_YOU: "your thank-you",
    Action.STATUS_INQUIRY: "your status inquiry",
}
_CHANNEL_WORDS = {
    Channel.EMAIL: "by email",
    Channel.PHONE: "by phone",
    Channel.LETTER: "by letter",
    Channel.IN_PERSON: "in person",
    Channel.MESSAGE: "by message",
}


# the source's own spellings, quoted as written and marked so (the rules keep them verbatim)
MISSPELT = ("candiates", "desparate", "harrassment")
_SIC = re.compile(r"\b(" + "|".join(MISSPELT) + r")\b")


def sic(quote: str) -> str:
    """A source quote with its misspellings marked, wherever people read it (the site, mail,
    calendar files): ``seems desparate [sic]``."""
    return _SIC.sub(r"\1 [sic]", quote)


def when_words(moment: datetime, tz: tzinfo | None = None) -> str:
    """``Tue 10 Nov 10:00`` in the given zone (the moment's own zone by default): the one
    format of a time on the site, in mail and in calendar files."""
    local = moment.astimezone(tz) if tz else moment
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def zone_label(name: str) -> str:
    """An IANA zone as people say it: ``America/Chicago`` → ``Chicago time``; ``UTC``."""
    if "/" not in name:
        return name
    return name.rsplit("/", 1)[1].replace("_", " ") + " time"


def zoned_when_words(moment: datetime, tz: tzinfo, name: str) -> str:
    """``Tue 10 Nov 10:00 (Chicago time)``: :func:`when_words` with its zone named, for
    readers whose own zone is not known (mail to a team, calendar files)."""
    return f"{when_words(moment, tz)} ({zone_label(name)})"


def next_step_sentence(step: NextStep, now: datetime, tz: tzinfo | None = None) -> str:
    """E.g. "Next: your status inquiry, by email, from Tue 10 Nov 10:00"."""
    if step.action is Action.NONE:
        if step.not_before is not None and step.not_before > now:
            return f"Next: nothing before the interview on {when_words(step.not_before, tz)}."
        why = step.reason.rule if step.reason else ""
        return "Next: nothing. " + _NONE_WHY.get(why, "Wait for the employer.")
    what = _ACTION_WORDS[step.action]
    how = _CHANNEL_WORDS.get(step.channel or Channel.EMAIL, "by email")
    if step.not_before is None or step.not_before <= now:
        return f"Next: {what}, {how}, today."
    return f"Next: {what}, {how}, from {when_words(step.not_before, tz)}."


_NONE_WHY = {
    "process-ended": "The employer has decided; there is nothing more to follow up.",
    "no-milestone": "Record when you applied or were interviewed.",
    "employer-invitation": "You are invited to another interview; record it when it is set.",
    "interview-scheduled": "Your interview is coming up; follow up after it.",
    "follow-up-budget": "Your follow-ups are spent; one more would read as desperate.",
    "one-status-inquiry": "Your status inquiry is sent; wait for the employer.",
}


def describe_policy(policy: Policy) -> list[str]:
    """What the policy allows, one plain sentence per rule."""
    unit = "business days" if policy.business_days else "days"
    lines = [
        f"Policy {policy.name!r}" + (f": {policy.description}" if policy.description else "."),
        (
            f"Up to {policy.budget} follow-up{'s' if policy.budget != 1 else ''} per interview;"
            f" the next one is excessive, any after it harassing."
        ),
        (
            f"One thank-you per interview, within {policy.thank_you_within_days} {unit}"
            f" (best within {policy.thank_you_advised_hours} hours); a second is excessive."
        ),
        (
            "One status inquiry, not before the employer's stated decision date, or"
            f" {policy.status_wait_days} {unit} after the interview when none was stated;"
            " earlier is premature."
        ),
        (
            f"Phone calls count as follow-ups, voicemail or not; {policy.call_burst_count} or more"
            f" within {policy.call_burst_hours} hours are harassing. Email is preferred."
        ),
        (
            "A letter that repeats an earlier one"
            f" ({policy.duplicate_similarity:.0%} the same or more) is excessive."
        ),
        "Replies to the employer's own requests do not count.",
        (
            "The employer owes an answer by its stated date, or within"
            f" {policy.response_window_days} {unit} of the interview when it stated none."
        ),
    ]
    if policy.business_days:
        where = policy.holidays_country or "no country"
        if policy.holidays_subdivision:
            where += f"-{policy.holidays_subdivision}"
        lines.append(f"Days count Monday to Friday, less public holidays of {where}.")
    return lines
