"""Telling the person who started an import how it ended (a notice in the app): done with
what it added, nothing readable, failed and why, or cancelled."""

from __future__ import annotations

from django.urls import reverse

from followline.web.employers.models import ImportJob
from followline.web.employers.models.imports import ImportState
from followline.web.notices.models import Kind
from followline.web.notices.notify import notify


def tell(job: ImportJob) -> None:
    """One notice for the job's end, to whoever started it (once per job)."""
    if job.created_by_id is None or job.state not in (
        ImportState.DONE,
        ImportState.FAILED,
        ImportState.CANCELLED,
    ):
        return
    what = f"The import of {job.filename} into {job.opening.title}"
    problem = job.state == ImportState.FAILED or job.nothing_read
    if job.nothing_read:
        text = f"{what} read nothing: the file was not {job.expected}."
    elif job.state == ImportState.DONE:
        people = (
            f", {job.candidates_added} new candidate{'s' if job.candidates_added != 1 else ''}"
            if job.candidates_added
            else ""
        )
        text = (
            f"{what} is done: {job.contacts_added} new contact"
            f"{'s' if job.contacts_added != 1 else ''}{people}, "
            f"{job.already_there} already there."
        )
    elif job.state == ImportState.FAILED:
        text = f"{what} failed: {job.error}"
    else:
        text = f"{what} was cancelled; what it read before is kept."
    notify(
        job.created_by_id,
        Kind.IMPORT,
        text,
        url=reverse("employers:import", args=[job.opening.team.slug, job.pk]),
        key=f"import:{job.pk}",
        problem=problem,
    )
