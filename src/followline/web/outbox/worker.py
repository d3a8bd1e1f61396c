"""The background worker: one loop that runs everything periodic.

Jobs (each at its own interval, each failure logged and the loop carries on):

=============  =========  ===========================================================
``mailsync``   2 min      IMAP inbox sync of every connected mailbox
``promises``   5 min      the promise keeper: digests to teams, updates to candidates
``reminders``  5 min      candidate reminders on the day a follow-up becomes appropriate
``outbox``     poll       send due outbox rows (:func:`followline.web.outbox.sender.send_due`)
``tasks``      poll       run queued django-tasks (database backend) until none is left
=============  =========  ===========================================================

Jobs are found by dotted path (the promise keeper and the reminders belong to the
employer and job-seeker apps above this one, which hand their plans to
:mod:`~followline.web.outbox.promises` and :mod:`~followline.web.outbox.reminders`), so a
job whose module is not installed is skipped.
Intervals are settings (``FOLLOWLINE_JOB_INTERVALS = {"promises": 300, ...}``).

Why not django-tasks' own worker for all of it: django-tasks has no periodic scheduling,
and the outbox needs its own per-message state (claim, Message-ID, retry, backoff). The
queued django-tasks of the rest of the app still run here (the ``tasks`` job).
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker as TasksWorker
from django_tasks_db.models import DBTaskResult

from followline.web.outbox import heartbeat
from followline.web.outbox.sender import SenderConfig, send_due

log = logging.getLogger("followline.worker")


@dataclass
class Job:
    name: str
    target: str  # "module:function"; the function takes the Worker
    interval: float
    last_run: float = field(default=float("-inf"))

    def resolve(self) -> Callable[[Worker], object] | None:
        module_name, _, func = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return None
            raise
        return getattr(module, func)


DEFAULT_JOBS: tuple[tuple[str, str, float | None], ...] = (
    # Inbound first, so that a reply read now already counts for the reminders below; the
    # mail those jobs queue then leaves in the same pass.
    ("mailsync", "followline.web.mailsync.sync:run_all", 120),
    ("promises", "followline.web.employers.promises:run", 300),
    ("reminders", "followline.web.applications.reminders:run", 300),
    ("outbox", "followline.web.outbox.worker:outbox_job", None),
    ("tasks", "followline.web.outbox.worker:tasks_job", None),
    # fails imports whose worker died mid-file (first pass: at start-up), never "running"
    ("imports", "followline.web.employers.import_guard:recover", 60),
)


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Worker:
    """Runs the jobs until stopped (SIGTERM/SIGINT finish the current message first)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        only: Sequence[str] = (),
        poll: float = 1.0,
        batch: int = 100,
        lease: float | None = None,
    ):
        self.name = name or default_worker_name()
        self.poll = poll
        self.batch = batch
        self.sender = SenderConfig.from_settings(
            self.name, lease=None if lease is None else timedelta(seconds=lease)
        )
        intervals = settings.FOLLOWLINE_JOB_INTERVALS
        self.jobs = [
            Job(n, target, intervals.get(n, every if every is not None else poll))
            for n, target, every in DEFAULT_JOBS
            if not only or n in only
        ]
        self.stopping = threading.Event()
        self.last_counts: dict[str, object] = {}

    def install_signal_handlers(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stopping.set())

    def run_once(self) -> dict[str, object]:
        """Run every job that is due now; return what each reported."""
        results: dict[str, object] = {}
        for job in self.jobs:
            if self.stopping.is_set():
                break
            now = time.monotonic()
            if now - job.last_run < job.interval:
                continue
            job.last_run = now
            func = job.resolve()
            if func is None:
                continue
            close_old_connections()
            try:
                results[job.name] = func(self)
            except Exception as exc:
                log.exception("job %s failed", job.name)
                results[job.name] = "error"
                heartbeat.record(job.name, ok=False, error=repr(exc), worker=self.name)
            else:
                heartbeat.record(job.name, ok=True, worker=self.name)
        self.last_counts = results
        return results

    def run(self, *, until_idle: bool = False) -> None:
        """Loop forever (or, with ``until_idle``, until a pass sends nothing)."""
        log.info("worker %s: jobs %s", self.name, ", ".join(j.name for j in self.jobs))
        while not self.stopping.is_set():
            results = self.run_once()
            sent = results.get("outbox")
            busy = isinstance(sent, dict) and any(sent.values())
            if until_idle and not busy:
                return
            if not busy:
                self.stopping.wait(self.poll)


def outbox_job(worker: Worker) -> dict[str, int]:
    return send_due(worker.sender, limit=worker.batch, stop=worker.stopping.is_set)


def tasks_job(worker: Worker) -> str:
    if not DBTaskResult.objects.ready().exists():
        return "idle"

    TasksWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=worker.batch,
        worker_id=worker.name[:64],
        excluded_queue_names=[],
    ).run()
    return "ok"
