"""The bulk "send status update" action and the list of queued updates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from followline.web.employers import access
from followline.web.employers.forms import StatusUpdateForm
from followline.web.employers.models import Candidate, StatusUpdate
from followline.web.employers.updates import queue_updates

RECENT = 50


@login_required
def updates(request: HttpRequest, slug: str) -> HttpResponse:
    team = access.team(request, slug)
    now = timezone.now()
    owed = (
        Candidate.objects.filter(opening__team=team)
        .owed_update(now)
        .select_related("opening")
        .order_by("promise_due_at", "id")
    )
    form = StatusUpdateForm(request.POST or None, queryset=owed, initial={"candidates": list(owed)})
    if request.method == "POST" and form.is_valid():
        queued = queue_updates(
            form.cleaned_data["candidates"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            decision_within_days=form.cleaned_data["decision_within_days"],
            user=request.user,
            now=now,
        )
        messages.success(request, f"{len(queued)} status update(s) queued.")
        return redirect("employers:updates", team.slug)
    recent = StatusUpdate.objects.filter(candidate__opening__team=team).select_related(
        "candidate__opening", "outbox_message"
    )[:RECENT]
    return render(
        request,
        "employers/updates.html",
        {
            "team": team,
            "form": form,
            "owed": owed,
            "recent": recent,
            "now": now,
            "selected": set(request.POST.getlist("candidates")) if form.is_bound else None,
        },
    )
