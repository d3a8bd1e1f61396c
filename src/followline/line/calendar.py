"""Day arithmetic for windows and deadlines: calendar days, or business days.

Both keep the wall-clock time in the timeline's zone, so "7 days after Mon 10:00" is the next
Mon 10:00 local time even across a DST change. A business-day calendar is injected by the
caller (see :mod:`followline.holiday_calendar`), which keeps this module free of I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DayCalendar:
    """Counts days. With ``is_business_day`` set, only those days count."""

    is_business_day: Callable[[date], bool] | None = None

    def add_days(self, start: datetime, days: int, tz: tzinfo) -> datetime:
        """``start`` plus ``days`` (calendar or business) days, same local wall-clock time.

        Arithmetic on an aware datetime keeps its wall-clock time and tzinfo; the round trip
        through UTC then gives a local time skipped by DST its real instant (past the gap).
        """
        local = start if start.tzinfo is tz else start.astimezone(tz)
        if self.is_business_day is None or days == 0:
            local += _ONE_DAY * days
        else:
            remaining = days
            while remaining > 0:
                local += _ONE_DAY
                if self.is_business_day(local.date()):
                    remaining -= 1
        return local.astimezone(UTC).astimezone(tz)


CALENDAR_DAYS = DayCalendar()
