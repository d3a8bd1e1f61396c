"""Limits, cancelling and recovery of imports: no upload, mailbox or crash can wedge one.

* **size**: an upload may have at most ``FOLLOWLINE_IMPORT_MAX_BYTES`` (default 50 MB;
  :class:`followline.web.core.uploads.LimitedUploadHandler` stops reading past it, and
  ``serve`` tells waitress the same limit);
* **count and time**: a job reads at most ``FOLLOWLINE_IMPORT_MAX_MESSAGES`` messages or
  call-log rows (default 100,000) and runs at most ``FOLLOWLINE_IMPORT_MAX_SECONDS``
  (default 1,800); past either it stops, keeps what it filed and says why;
* **cancel**: the import page's Cancel button sets ``cancel_requested``; a queued job is
  cancelled at once, a running one at its next check (every :data:`CHECK_EVERY` items);
* **recovery**: a running job beats (``heartbeat_at``) at every check; a job still
  "running" whose beat is older than :data:`STALE_AFTER` lost its worker (a crash, a kill,
  a restart) and is failed by :func:`recover` (the worker's ``imports`` job, also run on
  its first pass) or when its page is looked at (:func:`settle`): never "running" forever;
* **dates**: a message dated before 1970 or more than a year ahead is not filed; it counts
  as unreadable and is listed among the job's problems (:func:`date_problem`).

The checks run from the job's ``progress`` callback (called once per item read) and stop
a job by raising :class:`ImportStopped`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from followline.web.employers import import_notices
from followline.web.employers.models import ImportJob
from followline.web.employers.models.imports import ImportState

CHECK_EVERY = 25
STALE_AFTER = timedelta(minutes=5)
MAX_PROBLEMS = 50
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def max_bytes() -> int:
    return int(getattr(settings, "FOLLOWLINE_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def max_items() -> int:
    return int(getattr(settings, "FOLLOWLINE_IMPORT_MAX_MESSAGES", 100_000))


def max_seconds() -> float:
    return float(getattr(settings, "FOLLOWLINE_IMPORT_MAX_SECONDS", 1800))


class ImportStopped(Exception):
    """The job stops here: ``state`` is what it ends as, the message says why."""

    def __init__(self, state: Any, reason: str):  # state: an ImportState
        super().__init__(reason)
        self.state = state


class Guard:
    """Counts the items of one job and checks, every :data:`CHECK_EVERY`, its limits and
    whether a cancel was asked for; beats while it runs."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.items = 0
        self.started = time.monotonic()
        self.limit_items = max_items()
        self.limit_seconds = max_seconds()

    def start(self) -> None:
        """Mark the job running (unless it was cancelled while queued)."""
        if ImportJob.objects.filter(pk=self.job_id, cancel_requested=True).exists():
            raise ImportStopped(ImportState.CANCELLED, "Cancelled before it started.")
        ImportJob.objects.filter(pk=self.job_id).update(
            state=ImportState.RUNNING, heartbeat_at=timezone.now()
        )

    def item(self) -> None:
        self.items += 1
        if self.items > self.limit_items:
            raise ImportStopped(
                ImportState.FAILED,
                f"Stopped after {self.limit_items:,} messages, the most one import may read "
                "(FOLLOWLINE_IMPORT_MAX_MESSAGES); what was read so far is kept.",
            )
        if self.items % CHECK_EVERY == 0:
            self.check()

    def check(self) -> None:
        if time.monotonic() - self.started > self.limit_seconds:
            raise ImportStopped(
                ImportState.FAILED,
                f"Stopped after {self.limit_seconds:g} s, the longest one import may run "
                "(FOLLOWLINE_IMPORT_MAX_SECONDS); what was read so far is kept.",
            )
        self.beat()
        if ImportJob.objects.filter(pk=self.job_id, cancel_requested=True).exists():
            raise ImportStopped(ImportState.CANCELLED, "Cancelled; what was read before is kept.")

    def beat(self) -> None:
        ImportJob.objects.filter(pk=self.job_id).update(heartbeat_at=timezone.now())


def date_problem(at: datetime | None, now: datetime) -> str | None:
    """Why a message's date cannot be filed, or ``None`` when it is sane."""
    if at is None:
        return None
    if at < EARLIEST:
        return f"dated {at:%Y-%m-%d}, before 1970"
    if at > now + timedelta(days=365):
        return f"dated {at:%Y-%m-%d}, more than a year ahead"
    return None


def add_problem(job: ImportJob, number: int, problem: str) -> None:
    """Note a message that was not filed (the first :data:`MAX_PROBLEMS` of a job)."""
    if len(job.problems) < MAX_PROBLEMS:
        job.problems.append(f"message {number}: {problem}")


def cancel(job: ImportJob) -> None:
    """Ask a job to stop; a job still queued is cancelled at once."""
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    ImportJob.objects.filter(pk=job.pk, state=ImportState.QUEUED).update(
        state=ImportState.CANCELLED,
        error="Cancelled before it started.",
        finished_at=timezone.now(),
    )


def _lost(now: datetime):
    cutoff = now - STALE_AFTER
    return ImportJob.objects.filter(state=ImportState.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )


_LOST = (
    "The worker stopped while reading this file (a crash or a restart); what was read "
    "before is kept. Import the file again to read the rest."
)


def recover(worker=None) -> dict[str, int]:
    """The worker's ``imports`` job: fail every job whose worker is gone."""
    now = timezone.now()
    lost = list(_lost(now).values_list("pk", flat=True))
    failed = ImportJob.objects.filter(pk__in=lost, state=ImportState.RUNNING).update(
        state=ImportState.FAILED, error=_LOST, finished_at=now
    )
    for job in ImportJob.objects.filter(pk__in=lost).select_related("opening__team"):
        import_notices.tell(job)
    return {"failed": failed}


def settle(job: ImportJob) -> ImportJob:
    """``job``, failed first if its worker is gone (for the progress page)."""
    if job.state == ImportState.RUNNING and _lost(timezone.now()).filter(pk=job.pk).exists():
        recover()
        job.refresh_from_db()
    return job
