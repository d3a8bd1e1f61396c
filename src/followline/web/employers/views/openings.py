"""Openings: create and edit (promise and policy), the candidate list, adding candidates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from followline.web.core.forms import now_local_input
from followline.web.core.models import MilestoneType
from followline.web.employers import access
from followline.web.employers.forms import CandidateForm, OpeningForm
from followline.web.employers.models import Opening
from followline.web.employers.models.candidates import owed_update_q

PAGE_SIZE = 50


@login_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    team = access.team(request, slug)
    form = OpeningForm(request.POST or None, instance=Opening(team=team))
    if request.method == "POST" and form.is_valid():
        opening = form.save()
        return redirect(opening)
    return render(request, "employers/opening_form.html", {"team": team, "form": form})


@login_required
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    opening = access.opening(request, slug, pk)
    form = OpeningForm(request.POST or None, instance=opening)
    if request.method == "POST" and form.is_valid():
        form.save()
        now = timezone.now()
        for candidate in opening.candidates.for_judging():
            candidate.rejudge(now)
        return redirect(opening)
    return render(
        request,
        "employers/opening_form.html",
        {"team": opening.team, "form": form, "opening": opening},
    )


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The opening's candidates, 50 a page; those the team owes an update first."""
    opening = access.opening(request, slug, pk)
    now = timezone.now()
    overdue = owed_update_q(now)
    flagged = Q(standing__in=("excessive", "harassing"))
    rows = opening.candidates.all()
    show = request.GET.get("show", "all")
    if show == "overdue":
        rows = rows.filter(overdue)
    elif show == "flagged":
        rows = rows.filter(flagged)
    rows = rows.order_by(F("promise_due_at").asc(nulls_last=True), "name", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    policy = opening.line_policy()
    return render(
        request,
        "employers/opening.html",
        {
            "team": opening.team,
            "opening": opening,
            "page": page,
            "now": now,
            "overdue_count": opening.candidates.filter(overdue).count(),
            "show": show,
            "policy": policy,
        },
    )


@login_required
def add_candidate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    opening = access.opening(request, slug, pk)
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        candidate.opening = opening
        candidate.save()
        now = timezone.now()
        candidate.log_milestone(now, type=MilestoneType.APPLIED, at=now)
        return redirect(candidate)
    return render(
        request,
        "employers/candidate_form.html",
        {
            "team": opening.team,
            "opening": opening,
            "form": form,
            "now_input": now_local_input(opening.timezone),
        },
    )
