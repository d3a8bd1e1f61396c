"""The worker's ``promises`` job: the team's candidates whose promise lapsed, handed to the
outbox's promise keeper (:func:`followline.web.outbox.promises.keep_promises`).

The stored ``promise_due_at`` is the indexed pre-filter (:meth:`CandidateQuerySet.owed_update`,
like a healthchecks deadline); the keeper then lets the engine judge each candidate with the
current time; nothing here decides a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from followline.holiday_calendar import calendar_for
from followline.web.core.confirmed import confirmed_address
from followline.web.core.links import absolute_url
from followline.web.core.models import Channel, ContactKind, Party
from followline.web.employers.models import Candidate, Membership
from followline.web.outbox.models import AutoUpdateSetting
from followline.web.outbox.plans import EmployerPlan
from followline.web.outbox.promises import keep_promises


def employer_plans(now: datetime) -> Iterator[EmployerPlan]:
    owed = (
        Candidate.objects.owed_update(now)
        .for_judging()
        .order_by("opening__team_id", "promise_due_at", "pk")
    )
    auto = set(AutoUpdateSetting.objects.filter(enabled=True).values_list("opening_id", flat=True))
    emails: dict[int, tuple[str, ...]] = {}
    members: dict[int, tuple[int, ...]] = {}
    for cand in owed.iterator(chunk_size=200):
        opening, team = cand.opening, cand.opening.team
        if team.pk not in emails:
            emails[team.pk] = tuple(
                Membership.objects.filter(team=team)
                .filter(confirmed_address("user__"))  # the digest: confirmed addresses only
                .order_by("pk")
                .values_list("user__email", flat=True)
            )
            members[team.pk] = tuple(
                Membership.objects.filter(team=team)
                .order_by("pk")
                .values_list("user_id", flat=True)
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
            team_user_ids=members[team.pk],
            updates_path=reverse("employers:updates", args=[team.slug]),
            timezone=opening.timezone,
            candidate_name=cand.name,
            candidate_email=cand.email,
            company=team.name,
            role=opening.title,
            url=absolute_url(cand.get_absolute_url()),
            mail_url=absolute_url(reverse("mailsync:team", args=[team.slug])),
            status_url=absolute_url(reverse("public:status", args=[cand.status_token])),
            auto_update=opening.pk in auto,
            record_update=_recorder(cand.pk),
        )


def _recorder(candidate_id: int) -> Callable[[datetime], None]:
    def record(now: datetime) -> None:
        """Log the automatic update on the candidate's timeline and re-judge."""
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


def run(worker=None) -> dict[str, int]:
    """The worker's ``promises`` job."""
    now = timezone.now()
    result = keep_promises(employer_plans(now), now)
    return {"owed": result.owed, "digests": result.digests, "updates": result.updates}
