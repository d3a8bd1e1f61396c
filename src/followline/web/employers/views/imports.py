"""Importing a mailbox or call log into an opening, with a progress display (htmx poll)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_POST

from followline.web.employers import access, import_guard
from followline.web.employers.forms import ImportForm
from followline.web.employers.models import ImportJob
from followline.web.employers.tasks import run_import


@login_required
def new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    opening = access.opening(request, slug, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if getattr(request, "upload_too_large", False):
        limit = filesizeformat(import_guard.max_bytes())
        form.add_error("upload", f"The file is larger than {limit}, the most one import takes.")
    if request.method == "POST" and form.is_valid():
        job = form.save(commit=False)
        job.opening, job.created_by = opening, request.user
        job.filename = request.FILES["upload"].name[:300]
        job.save()
        run_import.enqueue(job.pk)
        messages.success(request, f"Import of {job.filename} started: progress below.")
        return redirect("employers:import", slug, job.pk)
    jobs = opening.imports.all()[:10]
    return render(
        request,
        "employers/import_form.html",
        {
            "team": opening.team,
            "opening": opening,
            "form": form,
            "jobs": jobs,
        },
    )


@login_required
def progress(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    team = access.team(request, slug)
    job = get_object_or_404(
        ImportJob.objects.select_related("opening"), pk=job_id, opening__team=team
    )
    import_guard.settle(job)  # a job whose worker died is failed, not "running" forever
    polled = bool(request.headers.get("HX-Request"))
    template = "employers/_import_progress.html" if polled else "employers/import.html"
    context = {"team": team, "opening": job.opening, "job": job, "oob": polled}
    return render(request, template, context)


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    team = access.team(request, slug)
    job = get_object_or_404(ImportJob, pk=job_id, opening__team=team)
    if not job.finished:
        import_guard.cancel(job)
        messages.success(
            request,
            f"Cancel asked for: {job.filename} stops after the message it is reading; "
            "what was read is kept.",
        )
    else:
        messages.info(request, f"The import of {job.filename} had already ended.")
    return redirect("employers:import", slug, job.pk)
