"""One candidate of an opening: inbound contacts with verdicts, the timeline, logging."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from followline.web.core import corrections, wording
from followline.web.core.forms import ContactForm, MilestoneForm, ZonedForm, logging_forms
from followline.web.core.timeline_chart import timeline_svg
from followline.web.employers import access
from followline.web.employers.models import Candidate, CandidateContact


def _context(candidate: Candidate, now, milestone_form=None, contact_form=None) -> dict:
    opening = candidate.opening
    judgement = candidate.judge(now)
    contacts = candidate.judged_contacts()
    spam = [c for c in candidate.contacts.all() if c.spam]
    applications = [c for c in candidate.contacts.all() if c.is_application and not c.spam]
    return {
        **_promise(candidate, judgement),
        "now": now,
        "rows": list(zip(contacts, judgement.contacts, strict=True)),
        "spam": spam,
        "applications": applications,
        "milestones": candidate.milestones.all(),
        "svg": timeline_svg(candidate.milestones.all(), contacts, judgement, now, opening.timezone),
        **_forms(candidate, milestone_form, contact_form),
    }


def _forms(
    candidate: Candidate,
    milestone_form: MilestoneForm | None = None,
    contact_form: ContactForm | None = None,
) -> dict[str, ZonedForm]:
    """The logging forms (:func:`logging_forms`): a teammate logs the employer's update."""
    tz = candidate.opening.timezone
    return logging_forms(tz, milestone_form, contact_form, party="employer", kind="update")


def _promise(candidate: Candidate, judgement) -> dict:
    """What the promise card shows, from a judgement (a whole one, or a write's)."""
    opening = candidate.opening
    due = judgement.employer.due
    return {
        "team": opening.team,
        "opening": opening,
        "candidate": candidate,
        "judgement": judgement,
        "overdue": judgement.employer.overdue and not candidate.archived,
        "due_words": wording.when_for(due, opening.timezone, wording.viewer()) if due else None,
    }


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    candidate = access.candidate(request, slug, pk)
    return render(request, "employers/candidate.html", _context(candidate, timezone.now()))


@login_required
def timeline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """htmx: the timeline card again, after a write changed it."""
    candidate = access.candidate(request, slug, pk)
    return render(request, "employers/_timeline.html", _context(candidate, timezone.now()))


def _log(request: HttpRequest, slug: str, pk: int, form_class, form_key: str) -> HttpResponse:
    """Log an interview or contact from a posted form and re-judge (from the current cycle
    alone when it is the latest, see Candidate.log_contact). Without htmx: back to the
    candidate. With htmx (the page's forms): only what changed (employers/_logged.html)."""
    candidate = access.candidate(request, slug, pk, judging=False)
    form = form_class(request.POST, tz=candidate.opening.timezone)
    htmx = request.headers.get("HX-Request") == "true"
    template = f"employers/_log_{form_key.removesuffix('_form')}.html"
    now = timezone.now()
    if not form.is_valid():
        if htmx:
            context = {"team": candidate.opening.team, "candidate": candidate}
            context.update(_forms(candidate, **{form_key: form}))
            return render(request, template, context, status=400)
        ctx = _context(access.candidate(request, slug, pk), now, **{form_key: form})
        return render(request, "employers/candidate.html", ctx, status=400)
    log = candidate.log_milestone if form_class is MilestoneForm else candidate.log_contact
    row = log(now, **form.values())
    what = wording.row_words(row, candidate.opening.timezone, mine="their", theirs="your")
    messages.success(request, f"Logged: {what}.")
    if not htmx:
        return redirect(candidate)
    context = {
        **_promise(candidate, candidate.judgement),
        **_forms(candidate),
        "form_template": template,
        "logged": True,
    }
    whole = candidate.judged_all or (isinstance(row, CandidateContact) and row.judgement.index == 0)
    if whole:  # the first contact, or everything was judged again: the whole table
        context.update(
            {
                k: v
                for k, v in _context(access.candidate(request, slug, pk), now).items()
                if k in ("rows", "spam", "applications")
            }
        )
    elif isinstance(row, CandidateContact):
        context["new_row"] = row
    response = render(request, "employers/_logged.html", context)
    response["HX-Trigger"] = "timeline-changed"
    return response


@login_required
@require_POST
def add_milestone(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _log(request, slug, pk, MilestoneForm, "milestone_form")


@login_required
@require_POST
def add_contact(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _log(request, slug, pk, ContactForm, "contact_form")


@login_required
@require_POST
def correct_kind(request: HttpRequest, slug: str, pk: int, contact_id: int) -> HttpResponse:
    """A teammate says what a message the classifier read really is (kept for training)."""
    candidate = access.candidate(request, slug, pk)
    return corrections.correct(
        request, get_object_or_404(candidate.contacts, pk=contact_id), candidate
    )


@login_required
@require_POST
def archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Off the opening's list and owed nothing; their mail is still filed on them."""
    candidate = access.candidate(request, slug, pk)
    if not candidate.archived:
        candidate.archive(timezone.now())
    messages.success(
        request,
        f"Archived: {candidate.name}. Nobody is told they are owed an update and nothing is "
        "sent to them automatically; find them under “Archived” on the opening.",
    )
    return redirect(candidate)


@login_required
@require_POST
def reopen(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    candidate = access.candidate(request, slug, pk)
    if candidate.archived:
        candidate.reopen(timezone.now())
    messages.success(request, f"Reopened: {candidate.name} is back on the opening's list.")
    return redirect(candidate)
