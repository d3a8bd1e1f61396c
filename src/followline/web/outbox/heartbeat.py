"""When the worker last ran each job, kept in the database for ``followline worker --health``.

The worker records every job it runs (:func:`record`), but writes a job's row at most every
:data:`WRITE_EVERY` seconds unless the outcome changed (the outbox job runs every second;
a write per run would compete with the site for SQLite's one writer).

:func:`report` says, per job, when it last finished, whether that run failed and whether
the job is *late*: not run for twice its interval plus a minute (plus the write
throttle). ``followline worker --health`` prints that and exits 1 when a job is late or
failed, so a monitor (or a systemd timer) can act on it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DatabaseError
from django.utils import timezone

from followline.web.outbox.models import WorkerJob

WRITE_EVERY = 30.0

_last_write: dict[str, tuple[float, bool]] = {}


def record(job: str, *, ok: bool, error: str = "", worker: str = "") -> None:
    """Note that ``job`` just finished (throttled; never raises into the worker loop)."""
    now = time.monotonic()
    last = _last_write.get(job)
    if last is not None and last[1] == ok and now - last[0] < WRITE_EVERY:
        return
    try:
        WorkerJob.objects.update_or_create(
            name=job,
            defaults={
                "finished_at": timezone.now(),
                "ok": ok,
                "error": error[:2000],
                "worker": worker[:100],
            },
        )
    except DatabaseError:  # e.g. SQLite busy: the next run writes it
        return
    _last_write[job] = (now, ok)


@dataclass(frozen=True)
class JobHealth:
    name: str
    interval: float
    finished_at: datetime | None
    ok: bool
    error: str
    late: bool

    @property
    def healthy(self) -> bool:
        return self.ok and not self.late


def report(jobs: list[tuple[str, float]], now: datetime | None = None) -> list[JobHealth]:
    """Health of each (job name, interval in seconds)."""
    now = now or timezone.now()
    rows = {row.name: row for row in WorkerJob.objects.all()}
    result = []
    for name, interval in jobs:
        row = rows.get(name)
        allowed = timedelta(seconds=2 * interval + 60 + WRITE_EVERY)
        finished = row.finished_at if row else None
        result.append(
            JobHealth(
                name=name,
                interval=interval,
                finished_at=finished,
                ok=row.ok if row else False,
                error=row.error if row else "",
                late=finished is None or now - finished > allowed,
            )
        )
    return result
