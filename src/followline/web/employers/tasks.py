"""Background tasks of the employer workspace (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from followline.web.employers import importing


@task()
def run_import(job_id: int) -> int:
    """Read an uploaded mailbox or call log into its opening; returns contacts added."""
    return importing.run(job_id).contacts_added
