"""Openings: create and edit (promise and policy), the candidate list, adding candidates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from followline.web.core import wording
from followline.web.core.csvexport import csv_response
from followline.web.core.forms import now_local_input
from followline.web.core.models import MilestoneType
from followline.web.employers import access
from followline.web.employers.forms import CandidateForm, OpeningForm
from followline.web.employers.models import Opening
from followline.web.employers.models.candidates import Stage, owed_update_q

PAGE_SIZE = 50
# ?sort= keys of the candidate table: the column and its ordering (then name, id)
SORTS = {
    "name": "name",
    "interview": "last_interview_at",
    "due": "promise_due_at",
    "inbound": "inbound_count",
}


@login_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    team = access.team(request, slug)
    # a new opening starts in the account's zone (app.js puts the browser's in if unknown)
    start = Opening(team=team, timezone=getattr(request, "viewer_zone", None) or "UTC")
    form = OpeningForm(request.POST or None, instance=start)
    if request.method == "POST" and form.is_valid():
        opening = form.save()
        messages.success(request, f"Opening {opening.title} created: add candidates or mail.")
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
        messages.success(request, f"Saved: {opening.title}; every candidate re-judged by its line.")
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
    query = request.GET.get("q", "").strip()
    show = request.GET.get("show", "all")
    listed = opening.candidates.filter(archived_at__isnull=show != "archived")
    rows = _search(listed, query)
    if show == "overdue":
        rows = rows.filter(overdue)
    elif show == "flagged":
        rows = rows.filter(flagged)
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        rows = rows.filter(stage=stage)
    standing = request.GET.get("standing", "")
    if standing in wording.STANDINGS:
        rows = rows.filter(standing=standing)
    sort = request.GET.get("sort", "")
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    if key in SORTS:
        column = F(SORTS[key])
        order = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
        rows = rows.order_by(order, "name", "id")
    else:
        sort = ""
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
            "q": query,
            "stage": stage if stage in Stage.values else "",
            "stages": Stage.choices,
            "standing": standing if standing in wording.STANDINGS else "",
            "standings": wording.STANDINGS,
            "sort": sort,
            "columns": _columns(sort),
            "policy": policy,
        },
    )


def _columns(sort: str) -> list[tuple[str, str, str, str]]:
    """The candidate table's headers: (label, sort key or "", aria-sort, next ?sort=)."""
    labels = [
        ("Candidate", "name"),
        ("Stage", ""),
        ("Last interview", "interview"),
        ("Reply due", "due"),
        ("Inbound", "inbound"),
        ("Their standing", ""),
    ]
    out = []
    for label, key in labels:
        state = ""
        if key and sort.removeprefix("-") == key:
            state = "descending" if sort.startswith("-") else "ascending"
        following = ("-" + key if state == "ascending" else key) if key else ""
        out.append((label, key, state, following))
    return out


def _search(rows, query: str):
    """Candidates whose name, email or phone contains ``query`` (any case)."""
    if not query:
        return rows
    return rows.filter(
        Q(name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
    )


@login_required
def export_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The opening's candidates (or those found by ``?q=``) as CSV. Names and subjects come
    from inbound mail, so every cell is neutralised against spreadsheet formulas."""
    opening = access.opening(request, slug, pk)
    now = timezone.now()
    tz = wording.zone(opening.timezone)
    rows = _search(opening.candidates.all(), request.GET.get("q", "").strip())

    def local(at) -> str:
        return at.astimezone(tz).isoformat() if at else ""

    out = [
        [
            c.name,
            c.email,
            c.phone,
            c.get_stage_display(),
            local(c.last_interview_at),
            local(c.promise_due_at),
            "yes" if c.is_overdue(now) else "no",
            c.inbound_count,
            c.standing,
        ]
        for c in rows.order_by("name", "id")
    ]
    header = ["name", "email", "phone", "stage", "last interview", "reply due", "overdue"]
    header += ["inbound", "standing"]
    return csv_response(f"{slugify(opening.title) or 'opening'}-candidates.csv", header, out)


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
        messages.success(request, f"Candidate added: {candidate.name}, applied now.")
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
