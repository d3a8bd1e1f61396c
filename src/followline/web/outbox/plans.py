"""What the promise keeper and the reminders need to know about an application.

The web app's models are mapped to these plain records by the apps above the outbox
(:mod:`followline.web.employers.promises`, :mod:`followline.web.applications.reminders`); the
rules themselves come only from :func:`followline.line.judge`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from followline.classify import infer_candidate_kind
from followline.line import CALENDAR_DAYS, DayCalendar, Judgement, Policy, Timeline, judge


@dataclass(frozen=True)
class Plan:
    key: str  # stable, e.g. "application:12"
    timeline: Timeline
    policy: Policy
    calendar: DayCalendar = CALENDAR_DAYS
    timezone: str = "UTC"  # the application's or opening's: times in mail are in it

    def judge(self, now: datetime) -> Judgement:
        return judge(
            self.timeline,
            self.policy,
            now,
            calendar=self.calendar,
            infer_kind=infer_candidate_kind,
        )


@dataclass(frozen=True)
class CandidatePlan(Plan):
    """A candidate's application, for reminders."""

    user_id: int = 0
    email: str = ""
    name: str = ""
    company: str = ""
    role: str = ""
    url: str = ""
    path: str = ""  # the application's page on the site (the notice links it)
    owner_zone: str = ""  # the person's own zone: a time in it needs no label


@dataclass(frozen=True)
class EmployerPlan(Plan):
    """A candidate in an opening, seen from the team that owes the update."""

    team_id: int = 0
    team_name: str = ""
    team_emails: tuple[str, ...] = ()
    team_user_ids: tuple[int, ...] = ()  # the members, for their notices
    updates_path: str = ""  # the team's "owed an update" page on the site
    candidate_name: str = ""
    candidate_email: str = ""
    company: str = ""
    role: str = ""
    url: str = ""  # the team's page for this candidate
    mail_url: str = ""  # the team's mail page (a hiring mailbox to reconnect)
    status_url: str = ""  # the candidate's private "where do I stand" page
    auto_update: bool = False  # the opening allows automatic updates to candidates
    record_update: Callable[[datetime], None] | None = None  # log the update as a contact
