"""Archive an application (off the lists and the board, its plan stopped) and reopen it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from followline.web.applications import plans
from followline.web.applications.models import Application


def _own(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(Application.objects.for_judging(), pk=pk, owner=request.user)


@login_required
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    if not app.archived:
        app.archive(timezone.now())
    messages.success(
        request,
        f"Archived: {app}. No next step and no reminders for it; find it under “Archived”, "
        "and reopen it there if you need to.",
    )
    return redirect(app)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    now = timezone.now()
    if app.archived:
        app.reopen(now)
    messages.success(request, f"Reopened: {app}. {plans.plan_of(app, now).sentence}")
    return redirect(app)
