"""The candidate workspace: the overview, one application with its plan, and logging.

Views parse, call the engine through :mod:`~followline.web.applications.plans` and the
adapter, and render. Every query is filtered by ``owner=request.user``: another person's
application is a 404.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from followline.web.applications import plans
from followline.web.applications.forms import ApplicationForm
from followline.web.applications.models import Application, Contact, Milestone, Stage
from followline.web.core import corrections, line_adapter, undo, wording
from followline.web.core.csvexport import csv_response
from followline.web.core.forms import ContactForm, MilestoneForm, logging_forms
from followline.web.core.timeline_chart import timeline_svg

PAGE_SIZE = 50


def _own(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.for_judging(),
        pk=pk,
        owner=request.user,
    )


# ?sort= keys of the overview's columns (then the plan's order), and their headers
SORTS = {"company": "company", "stage": "stage", "standing": "standing", "next": "next_at"}
HEADERS = (
    ("Application", "company"),
    ("Stage", "stage"),
    ("Standing", "standing"),
    ("Plan", "next"),
)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """All applications, what needs doing first at the top (stored plan column); archived
    ones on their own tab; search, a standing and a stage filter, sortable columns."""
    now = timezone.now()
    query = request.GET.get("q", "").strip()
    standing = request.GET.get("standing", "")
    stage = request.GET.get("stage", "")
    show = "archived" if request.GET.get("show") == "archived" else ""
    mine = Application.objects.filter(owner=request.user)
    mine = _search(mine.archived() if show else mine.active(), query)
    if standing in wording.STANDINGS:
        mine = mine.filter(standing=standing)
    if stage in Stage.values:
        mine = mine.filter(stage=stage)
    sort = request.GET.get("sort", "")
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    plan_order = ("closed", F("next_at").asc(nulls_last=True), "-created_at", "id")
    if key in SORTS:
        column = F(SORTS[key])
        order = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
        rows = mine.order_by(order, *plan_order)
    else:
        sort = ""
        rows = mine.order_by(*plan_order)
    page = Paginator(rows.for_judging(), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [plans.plan_of(app, now) for app in page]
    due = [p for p in items if p.due]
    filters = {"q": query, "standing": standing, "stage": stage, "show": show}
    return render(
        request,
        "candidates/overview.html",
        {
            "page": page,
            "items": items,
            "due_count": len(due),
            "now": now,
            "q": query,
            "show": show,
            "standing": standing if standing in wording.STANDINGS else "",
            "standings": wording.STANDINGS,
            "stage": stage if stage in Stage.values else "",
            "stages": Stage.choices,
            "sort": sort,
            "columns": _columns(sort, filters),
            "filters": urlencode({k: v for k, v in filters.items() if v}),
        },
    )


def _columns(sort: str, filters: dict[str, str]) -> list[tuple[str, str, str]]:
    """The overview's headers: (label, aria-sort, the link that sorts by it)."""
    out = []
    for label, key in HEADERS:
        state = ""
        if sort.removeprefix("-") == key:
            state = "descending" if sort.startswith("-") else "ascending"
        following = "-" + key if state == "ascending" else key
        query = urlencode({**{k: v for k, v in filters.items() if v}, "sort": following})
        out.append((label, state, "?" + query))
    return out


def _search(rows, query: str):
    """Applications whose company, role or contact contains ``query`` (any case)."""
    if not query:
        return rows
    return rows.filter(
        Q(company__icontains=query) | Q(role__icontains=query) | Q(contact_name__icontains=query)
    )


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """All my applications, archived ones too (or those found by ``?q=``), as CSV."""
    rows = _search(Application.objects.filter(owner=request.user), request.GET.get("q", ""))
    now = timezone.now()
    out = []
    for app in rows.for_judging().order_by("company", "id"):
        plan = plans.plan_of(app, now)
        zone = wording.zone(app.timezone)
        out.append(
            [
                app.company,
                app.role,
                app.get_stage_display(),
                "yes" if app.archived else "no",
                app.job_url,
                app.salary,
                app.resume_name,
                app.contact_name,
                app.contact_email,
                plan.judgement.standing,
                plan.sentence,
                app.next_at.astimezone(zone).isoformat() if app.next_at else "",
                app.timezone,
            ]
        )
    header = ["company", "role", "stage", "archived", "job ad", "salary", "résumé"]
    header += ["contact", "email", "standing", "plan", "next from", "zone"]
    return csv_response("applications.csv", header, out)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, request.FILES or None, zone=_zone(request))
    if request.method == "POST" and form.is_valid():
        app = form.save(commit=False)
        app.owner = request.user
        app.save()
        form.add_milestones(app)
        now = timezone.now()
        app = _own(request, app.pk)
        messages.success(request, f"Application added: {app}. {plans.plan_of(app, now).sentence}")
        return redirect(app)
    return render(request, "candidates/form.html", {"form": form})


def _zone(request: HttpRequest) -> str:
    return getattr(request, "viewer_zone", None) or ""


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=app)
    if request.method == "POST" and form.is_valid():
        form.save()
        app.rejudge(timezone.now())
        messages.success(request, f"Saved: {app}.")
        return redirect(app)
    return render(request, "candidates/form.html", {"form": form, "app": app})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    now = timezone.now()
    return render(request, "candidates/detail.html", _detail_context(app, now))


def _detail_context(app: Application, now, milestone_form=None, contact_form=None) -> dict:
    plan = plans.plan_of(app, now)
    contacts = list(app.contacts.all())
    facts = [
        app.contact_name,
        app.contact_email,
        app.phone,
        app.address,
        f"salary: {app.salary}" if app.salary else "",
        f"line: {app.get_policy_display()}",
        f"times in {app.timezone}",
    ]
    return {
        "app": app,
        "app_facts": [f for f in facts if f],
        "stages": Stage.choices,
        "plan": plan,
        "rows": list(zip(contacts, plan.judgement.contacts, strict=True)),
        "milestones": app.milestones.all(),
        "svg": timeline_svg(app.milestones.all(), contacts, plan.judgement, now, app.timezone),
        **logging_forms(app.timezone, milestone_form, contact_form),
        "now": now,
    }


@login_required
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the timeline card again, after a write changed it."""
    app = _own(request, pk)
    now = timezone.now()
    plan = plans.plan_of(app, now)
    contacts = list(app.contacts.all())
    context = {
        "app": app,
        "rows": contacts,
        "milestones": app.milestones.all(),
        "svg": timeline_svg(app.milestones.all(), contacts, plan.judgement, now, app.timezone),
    }
    return render(request, "candidates/_timeline.html", context)


def _log(request: HttpRequest, pk: int, form_class, form_key: str) -> HttpResponse:
    """Log a milestone or contact from a posted form and re-judge (from the current cycle
    alone when it is the latest, see Application.log_contact). Without htmx: back to the
    application with a message saying what was logged and what the plan is now. With htmx
    (the page's forms): only what changed (candidates/_logged.html)."""
    app = get_object_or_404(Application, pk=pk, owner=request.user)
    form = form_class(request.POST, tz=app.timezone)
    htmx = request.headers.get("HX-Request") == "true"
    template = f"candidates/_log_{form_key.removesuffix('_form')}.html"
    if not form.is_valid():
        if htmx:
            context = {"app": app, **logging_forms(app.timezone, **{form_key: form})}
            if form_class is MilestoneForm:
                context["milestones"] = app.milestones.all()
            return render(request, template, context, status=400)
        ctx = _detail_context(_own(request, pk), timezone.now(), **{form_key: form})
        return render(request, "candidates/detail.html", ctx, status=400)
    log = app.log_milestone if form_class is MilestoneForm else app.log_contact
    now = timezone.now()
    row = log(now, **form.values())
    plan = plans.plan_from(app, app.judgement, now)
    logged = wording.row_words(row, app.timezone)
    messages.success(request, f"Logged: {logged}. {plan.sentence}")
    if not htmx:
        return redirect(app)
    return _logged(request, app, row, plan, template, now)


def _logged(request: HttpRequest, app: Application, row, plan, template: str, now) -> HttpResponse:
    context = {"app": app, "plan": plan, "form_template": template, "logged": True}
    context.update(logging_forms(app.timezone))
    if isinstance(row, Milestone):
        context["milestones"] = app.milestones.all()
    whole = app.judged_all or (isinstance(row, Contact) and row.judgement.index == 0)
    if whole:  # the first contact, or everything was judged again: the whole table
        context["rows"] = _detail_context(_own(request, app.pk), now)["rows"]
    elif isinstance(row, Contact):
        context["new_row"] = row
    response = render(request, "candidates/_logged.html", context)
    response["HX-Trigger"] = "timeline-changed"
    return response


def _delete(request: HttpRequest, pk: int, model, row_id: int) -> HttpResponse:
    """Delete a contact or milestone, re-judge, and offer to undo it (core/undo.py)."""
    app = _own(request, pk)
    row = get_object_or_404(model, pk=row_id, application=app)
    what = wording.row_words(row, app.timezone)
    undo.remember(request, [row], parent=app.pk)
    row.delete()
    now = timezone.now()
    app.rejudge(now)
    messages.success(
        request, f"Deleted: {what}. {plans.plan_of(app, now).sentence}", extra_tags=undo.TAG
    )
    return redirect(app)


@login_required
@require_POST
def undo_delete(request: HttpRequest) -> HttpResponse:
    """Put back what the last delete removed (if it is recent and was mine)."""
    pk = undo.restore(
        request,
        request.POST.get("token", ""),
        parent_of=lambda row: row.application_id,
        owns=lambda pk: Application.objects.filter(pk=pk, owner=request.user).exists(),
    )
    if pk is None:
        messages.error(request, "Nothing to undo: the delete is too old or already undone.")
        return redirect("candidates:overview")
    app = _own(request, pk)
    now = timezone.now()
    app.rejudge(now)
    messages.success(request, f"Restored. {plans.plan_of(app, now).sentence}")
    return redirect(app)


@login_required
@require_POST
def add_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    return _log(request, pk, MilestoneForm, "milestone_form")


@login_required
@require_POST
def add_contact(request: HttpRequest, pk: int) -> HttpResponse:
    return _log(request, pk, ContactForm, "contact_form")


@login_required
@require_POST
def delete_contact(request: HttpRequest, pk: int, contact_id: int) -> HttpResponse:
    return _delete(request, pk, Contact, contact_id)


@login_required
@require_POST
def correct_kind(request: HttpRequest, pk: int, contact_id: int) -> HttpResponse:
    """A person says what a message the classifier read really is (kept for training)."""
    app = _own(request, pk)
    return corrections.correct(
        request, get_object_or_404(Contact, pk=contact_id, application=app), app
    )


@login_required
@require_POST
def delete_milestone(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    return _delete(request, pk, Milestone, milestone_id)


@login_required
@require_POST
def what_if(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: how the contact being typed would be judged, before it is logged."""
    app = _own(request, pk)
    form = ContactForm(request.POST, tz=app.timezone)
    if not form.is_valid():
        return render(request, "candidates/_what_if.html", {"incomplete": True})
    row = SimpleNamespace(**{k: v for k, v in form.values().items() if k != "subject"})
    judgement, number = line_adapter.what_if(
        app.milestones.all(),
        app.contacts.all(),
        row,
        app.line_policy(),
        timezone.now(),
        app.timezone,
    )
    return render(
        request,
        "candidates/_what_if.html",
        {
            "judgement": judgement,
            "sentence": wording.what_if(judgement, number),
            "css": wording.verdict_class(judgement.verdict),
        },
    )
