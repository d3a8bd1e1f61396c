"""The candidate's private calendar feed: every upcoming follow-up date and promise.

``GET /calendar/<token>.ics`` (no login: the 256-bit token in the URL is the credential,
as calendar apps cannot log in; a new token revokes the old URL). One event per open
application for its next step (when it becomes appropriate) and one for the employer's
promise (when they said the candidate would hear back), both from the engine.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from followline.compose import CalendarEntry, feed
from followline.compose.calendar import next_step_entry, when_in
from followline.web.applications.models import Application, Stage
from followline.web.outbox.models import CalendarFeed, feed_token


def entries_for(user, now: datetime) -> list[CalendarEntry]:
    entries: list[CalendarEntry] = []
    apps = (
        Application.objects.filter(owner=user, closed=False)
        .active()
        .exclude(stage=Stage.CLOSED)  # stopped plans: nothing to put in a calendar
        .for_judging()
        .order_by("pk")
    )
    for app in apps:
        judgement = app.judge(now)
        about = f"{app.company}, {app.role}"
        step = next_step_entry(
            judgement.next, key=f"application-{app.pk}", about=about, now=now, tz=app.timezone
        )
        if step is not None:
            entries.append(step)
        promise = judgement.employer
        if promise.due is not None and not promise.closed and promise.due >= now:
            entries.append(
                CalendarEntry(
                    key=f"application-{app.pk}-promise-{promise.due:%Y%m%d%H%M}",
                    summary=f"{app.company} promised an answer ({app.role})",
                    start=promise.due,
                    category="promise",
                    alarm=False,
                    description="The employer said you would hear back by "
                    f"{when_in(promise.due, app.timezone)}.",
                )
            )
    return entries


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    row = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        raise Http404("no such calendar")
    now = timezone.now()
    body = feed(entries_for(row.user, now), name="followline follow-ups", now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_url_path(user) -> str:
    """The path of the user's feed (made on first use)."""
    row, _ = CalendarFeed.objects.get_or_create(user=user)
    return f"/calendar/{row.token}.ics"


def renew_token(user) -> str:
    """Revoke the old feed URL and make a new one."""
    CalendarFeed.objects.update_or_create(user=user, defaults={"token": feed_token()})
    return feed_url_path(user)
