"""``followline worker`` / ``manage.py followline_worker``: the one background worker."""

from __future__ import annotations

import logging
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from followline.web.outbox import heartbeat, lanes, lifeline
from followline.web.outbox.worker import DEFAULT_JOBS, Worker


class Command(BaseCommand):
    help = (
        "Run the background worker: the outbox, queued tasks, the promise keeper, candidate "
        "reminders and inbox sync. Examples: `followline worker`; "
        "`followline worker --only outbox --until-idle`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", help="worker name stored on claimed rows (default host:pid)")
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            choices=[name for name, _, _ in DEFAULT_JOBS],
            help="run only this job (repeatable)",
        )
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between idle passes")
        parser.add_argument("--batch", type=int, default=100, help="messages per SMTP connection")
        parser.add_argument(
            "--lease",
            type=float,
            default=None,
            help="seconds a claim holds before another worker may retry it",
        )
        parser.add_argument("--once", action="store_true", help="one pass of every job, then exit")
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="run until a pass finds no mail to send, then exit",
        )
        parser.add_argument(
            "--parent-pid",
            type=int,
            default=None,
            help="stop when this process (the server that started the worker) dies",
        )
        parser.add_argument(
            "--health",
            action="store_true",
            help="say when each job last ran; exit 1 if one is late or failed",
        )

    def handle(self, *args, **opts) -> None:
        logging.basicConfig(
            level=logging.INFO if opts["verbosity"] >= 1 else logging.WARNING,
            format="%(asctime)s %(name)s %(levelname)s %(message)s",
        )
        worker = Worker(
            name=opts["name"],
            only=opts["only"],
            poll=opts["poll"],
            batch=opts["batch"],
            lease=opts["lease"],
        )
        if opts["health"]:
            sys.exit(self._health(worker))
        try:
            lock = lifeline.sqlite_lock()  # held (open) until the process ends
        except lifeline.WorkerLocked as exc:
            self.stderr.write(f"followline worker: {exc}")
            sys.exit(lifeline.EXIT_LOCKED)
        worker.install_signal_handlers()
        if opts["parent_pid"]:
            lifeline.follow_parent(opts["parent_pid"], worker.stopping.set)
        self._lock = lock
        if opts["once"]:
            self.stdout.write(repr(worker.run_once()))
        elif opts["until_idle"]:
            worker.run(until_idle=True)
        else:
            lane = lanes.split_lane(worker)  # imports do not hold up the outbox
            thread = lanes.start(lane) if lane is not None else None
            worker.run()
            if thread is not None:
                thread.join(timeout=10)  # an import in hand is failed on the next start

    def _health(self, worker: Worker) -> int:
        now = timezone.now()
        jobs = heartbeat.report([(j.name, j.interval) for j in worker.jobs], now)
        for job in jobs:
            if job.finished_at is None:
                when = "never ran"
            else:
                ago = int((now - job.finished_at).total_seconds())
                when = f"last ran {job.finished_at:%Y-%m-%d %H:%M:%S} UTC ({ago} s ago)"
            state = "ok" if job.healthy else ("late" if job.late else "failed")
            detail = f": {job.error}" if job.error and not job.ok else ""
            self.stdout.write(f"{job.name:10} {state:6} {when}{detail}")
        return 0 if all(j.healthy for j in jobs) else 1
