"""Teams: the list of my teams, a team's dashboard, and its members."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from followline.web.employers import access, charts
from followline.web.employers.forms import MemberForm, TeamForm
from followline.web.employers.models import (
    Candidate,
    CandidateContact,
    Membership,
    Role,
    Team,
)
from followline.web.employers.models.candidates import owed_update_q

CHART_WEEKS = 8
SEARCH_PAGE_SIZE = 50


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = form.save()
        Membership.objects.create(team=team, user=request.user, role=Role.OWNER)
        messages.success(request, f"Team {team.name} created: open its first position.")
        return redirect(team)
    memberships = Membership.objects.filter(user=request.user).select_related("team")
    return render(request, "employers/team_list.html", {"form": form, "memberships": memberships})


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    member = access.membership(request, slug)
    team: Team = member.team
    now = timezone.now()
    overdue = owed_update_q(now, prefix="candidates__")
    openings = team.openings.annotate(
        n_candidates=Count(
            "candidates", filter=Q(candidates__archived_at__isnull=True), distinct=True
        ),
        n_overdue=Count("candidates", filter=overdue, distinct=True),
    ).order_by("title")
    since = now - timedelta(weeks=CHART_WEEKS)
    inbound = CandidateContact.objects.filter(
        candidate__opening__team=team,
        party="candidate",
        at__gte=since,
        spam=False,
        is_application=False,
    )
    weekly = charts.promise_weeks(team, now, CHART_WEEKS)
    counts = charts.inbound_counts(inbound)
    return render(
        request,
        "employers/dashboard.html",
        {
            "team": team,
            "member": member,
            "openings": openings,
            "total_overdue": sum(o.n_overdue for o in openings),
            "promises_svg": charts.promises_chart(team, now, CHART_WEEKS, weekly),
            "promises_summary": charts.promises_summary(weekly),
            "promises_rows": weekly,
            "inbound_svg": charts.inbound_chart(inbound, counts),
            "inbound_summary": charts.inbound_summary(counts),
            "inbound_rows": [(label, counts[k]) for k, label in charts.KIND_LABELS.items()],
        },
    )


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    team = access.owner_team(request, slug)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, added = Membership.objects.get_or_create(
            team=team, user=form.user, defaults={"role": Role.MEMBER}
        )
        name = form.user.get_username()
        messages.success(
            request, f"{name} added to {team.name}." if added else f"{name} is already a member."
        )
        return redirect("employers:members", team.slug)
    rows = team.memberships.select_related("user").order_by("role", "user__username")
    return render(
        request,
        "employers/members.html",
        {"team": team, "rows": rows, "form": form, "roles": Role.choices},
    )


@login_required
def search(request: HttpRequest, slug: str) -> HttpResponse:
    """Candidates of every opening of the team (archived ones too, said so) whose name,
    email or phone contains ``?q=``: who is this caller, and which opening are they in?"""
    member = access.membership(request, slug)
    team: Team = member.team
    query = request.GET.get("q", "").strip()
    rows = Candidate.objects.none()
    if query:
        rows = (
            Candidate.objects.filter(opening__team=team)
            .filter(
                Q(name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
            )
            .select_related("opening")
            .order_by("name", "opening__title", "id")
        )
    page = Paginator(rows, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employers/search.html",
        {"team": team, "q": query, "page": page, "now": timezone.now()},
    )
