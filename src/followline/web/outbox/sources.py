"""Where the promise keeper and the reminders get their plans: the web app's models.

Until the candidate and employer apps are installed these yield nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from followline.web.outbox.plans import CandidatePlan, EmployerPlan


def candidate_plans(now: datetime) -> Iterator[CandidatePlan]:
    return iter(())


def employer_plans(now: datetime) -> Iterator[EmployerPlan]:
    return iter(())
