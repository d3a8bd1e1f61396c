"""``followline worker`` / ``manage.py followline_worker``: the one background worker."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand

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
        worker.install_signal_handlers()
        if opts["once"]:
            self.stdout.write(repr(worker.run_once()))
        else:
            worker.run(until_idle=opts["until_idle"])
