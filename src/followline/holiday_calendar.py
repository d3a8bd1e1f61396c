"""Business-day calendars for policies with ``business_days``: weekends and public holidays.

The adapter between the pure engine (:class:`followline.line.DayCalendar`) and the
``holidays`` package, kept outside ``followline.line`` so the engine stays stdlib-only.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from followline.line import CALENDAR_DAYS, DayCalendar, InputError, Policy


def calendar_for(policy: Policy) -> DayCalendar:
    """The day calendar a policy counts in: calendar days, or its country's business days."""
    if not policy.business_days:
        return CALENDAR_DAYS
    return _business_calendar(policy.holidays_country, policy.holidays_subdivision)


@lru_cache(maxsize=64)
def _business_calendar(country: str | None, subdivision: str | None) -> DayCalendar:
    if country is None:
        return DayCalendar(lambda day: day.weekday() < 5)
    import holidays  # noqa: PLC0415 (~35 ms: loaded only for a policy that counts business days)

    try:
        public = holidays.country_holidays(country.upper(), subdiv=subdivision)
    except NotImplementedError:
        raise InputError(
            "policy.holidays_country", f"no public-holiday calendar for {country!r}"
        ) from None

    def is_business_day(day: date) -> bool:
        return day.weekday() < 5 and day not in public

    return DayCalendar(is_business_day)
