"""Where the promise keeper and the reminders get their plans: the web app's models.

Both use the stored plan columns as an indexed pre-filter (``Application.next_at``,
``Candidate.promise_due_at``, like a healthchecks deadline) and then let the engine judge
each row with the current time through the site's adapter
(:mod:`followline.web.core.line_adapter`); nothing here decides a rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse

from followline.holiday_calendar import calendar_for
from followline.web.outbox.plans import CandidatePlan, EmployerPlan


def _url(path: str) -> str:
    return urljoin(getattr(settings, "FOLLOWLINE_BASE_URL", "http://127.0.0.1:8000"), path)


def candidate_plans(now: datetime) -> Iterator[CandidatePlan]:
    from followline.web.candidates.models import Application

    apps = (
        Application.objects.filter(closed=False, next_at__lte=now)
        .exclude(next_action="none")
        .exclude(owner__email="")
        .select_related("owner")
        .for_judging()
        .order_by("next_at", "pk")
    )
    for app in apps.iterator(chunk_size=200):
        policy = app.line_policy()
        owner = app.owner
        yield CandidatePlan(
            key=f"application:{app.pk}",
            timeline=app.to_timeline(),
            policy=policy,
            calendar=calendar_for(policy),
            user_id=owner.pk,
            email=owner.email,
            name=owner.get_full_name() or owner.get_username(),
            company=app.company,
            role=app.role,
            url=_url(app.get_absolute_url()),
        )


def employer_plans(now: datetime) -> Iterator[EmployerPlan]:
    from followline.web.employers.models import Candidate, Membership
    from followline.web.outbox.models import AutoUpdateSetting

    owed = (
        Candidate.objects.owed_update(now)
        .for_judging()
        .order_by("opening__team_id", "promise_due_at", "pk")
    )
    auto = set(AutoUpdateSetting.objects.filter(enabled=True).values_list("opening_id", flat=True))
    emails: dict[int, tuple[str, ...]] = {}
    for cand in owed.iterator(chunk_size=200):
        opening, team = cand.opening, cand.opening.team
        if team.pk not in emails:
            emails[team.pk] = tuple(
                Membership.objects.filter(team=team)
                .exclude(user__email="")
                .order_by("pk")
                .values_list("user__email", flat=True)
            )
        policy = opening.line_policy()
        yield EmployerPlan(
            key=f"candidate:{cand.pk}",
            timeline=cand.to_timeline(),
            policy=policy,
            calendar=calendar_for(policy),
            team_id=team.pk,
            team_name=team.name,
            team_emails=emails[team.pk],
            candidate_name=cand.name,
            candidate_email=cand.email,
            company=team.name,
            role=opening.title,
            url=_url(cand.get_absolute_url()),
            status_url=_url(reverse("public:status", args=[cand.status_token])),
            auto_update=opening.pk in auto,
            record_update=_recorder(cand.pk),
        )


def _recorder(candidate_id: int):
    def record(now: datetime) -> None:
        """Log the automatic update on the candidate's timeline and re-judge."""
        from followline.web.core.models import Channel, ContactKind, Party
        from followline.web.employers.models import Candidate

        Candidate.objects.get(pk=candidate_id).log_contact(
            now,
            at=now,
            party=Party.EMPLOYER,
            channel=Channel.EMAIL,
            kind=ContactKind.UPDATE,
            subject="Automatic status update (followline)",
            text="No decision yet; an automatic update was sent on the team's behalf.",
        )

    return record
