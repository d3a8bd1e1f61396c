"""The worker's ``reminders`` job: applications whose next step has come, handed to the
outbox's reminder digest (:func:`followline.web.outbox.reminders.send_reminders`).

The stored ``next_at`` is the indexed pre-filter; the outbox then lets the engine judge
each application with the current time; nothing here decides a rule. Only people whose
address is confirmed get reminders (:mod:`followline.web.core.confirmed`); an unconfirmed
person's due steps wait, unsent and unclaimed, until they confirm it, and the app tells
them so once per address (a notice linking to the account page, where the link can be sent
again): an account made before addresses were confirmed would otherwise just stop getting
reminders with no word why.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from followline.holiday_calendar import calendar_for
from followline.web.applications.models import Application, Stage
from followline.web.core import zones
from followline.web.core.confirmed import confirmed_address
from followline.web.core.links import absolute_url
from followline.web.notices.models import Kind
from followline.web.notices.notify import notify
from followline.web.outbox.plans import CandidatePlan
from followline.web.outbox.reminders import send_reminders


def _due(now: datetime):
    return (
        Application.objects.active()
        .filter(closed=False, next_at__lte=now)
        .exclude(stage=Stage.CLOSED)  # a stopped plan (its next_at is empty anyway)
        .exclude(next_action="none")
    )


def tell_the_unconfirmed(now: datetime) -> int:
    """A notice, once per address, for each person with a step due whose address is not
    confirmed (their reminders wait); how many were told this time."""
    waiting = (
        _due(now)
        .exclude(owner__email="")
        .exclude(confirmed_address("owner__"))
        .values_list("owner_id", "owner__email")
        .distinct()
    )
    told = 0
    for user_id, email in waiting:
        told += (
            notify(
                user_id,
                Kind.MAIL,
                f"A follow-up is due, but we send reminders only to a confirmed address: "
                f"confirm {email} on your account page (the link can be sent again there).",
                url=reverse("account"),
                key=f"unconfirmed:{email.lower()}",
                problem=True,
            )
            is not None
        )
    return told


def candidate_plans(now: datetime) -> Iterator[CandidatePlan]:
    apps = (
        _due(now)
        .filter(confirmed_address("owner__"))  # reminders go to confirmed addresses only
        .select_related("owner")
        .for_judging()
        .order_by("next_at", "pk")
    )
    known: dict[int, str] = {}
    for app in apps.iterator(chunk_size=200):
        policy = app.line_policy()
        owner = app.owner
        if owner.pk not in known:
            known[owner.pk] = zones.account_zone(owner)
        path = app.get_absolute_url()
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
            url=absolute_url(path),
            path=path,
            timezone=app.timezone,
            owner_zone=known[owner.pk],
        )


def run(worker=None) -> dict[str, int]:
    """The worker's ``reminders`` job."""
    now = timezone.now()
    queued = send_reminders(candidate_plans(now), now)
    return {"queued": queued, "unconfirmed_told": tell_the_unconfirmed(now)}
