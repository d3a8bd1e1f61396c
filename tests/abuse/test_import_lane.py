"""Item 3 (lanes): outgoing mail does not wait behind an import."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess

from tests.outbox.smtp_servers import RecordingHandler, smtp_server

from .site import Site, followline_command
from .test_worker_supervision import _ENQUEUE, _mail_env, wait_for

_IMPORT = """
import sys, django
django.setup()
from django.core.files.base import File
from followline.web.employers.models import ImportJob, Opening, Team
from followline.web.employers.tasks import run_import
team = Team.objects.create(name="Lakeside", slug="lakeside")
opening = Opening.objects.create(team=team, title="Cook", promise_days=7)
job = ImportJob(opening=opening, filename="big.mbox")
with open(sys.argv[1], "rb") as f:
    job.upload.save("big.mbox", File(f), save=False)
job.save()
run_import.enqueue(job.pk)
print(job.pk)
"""


def write_mbox(path, n: int) -> None:
    with path.open("w") as f:
        for i in range(n):
            f.write(
                f"From sender{i}@example.com Mon Nov  2 10:00:00 2026\n"
                f"From: Sender {i % 400} <sender{i % 400}@example.com>\n"
                f"To: jobs@acme.example\nSubject: Application {i}\n"
                f"Date: Mon, 2 Nov 2026 10:{i % 60:02d}:00 +0000\n"
                f"Message-ID: <m{i}@example.com>\n\n"
                f"Dear hiring team, I am applying for the cook position. Number {i}.\n\n"
            )


def import_state(site: Site) -> tuple[str, int]:
    with sqlite3.connect(site.data / "followline.sqlite3") as conn:
        return conn.execute("SELECT state, done FROM employers_importjob").fetchone()


def test_mail_goes_out_while_a_long_import_runs(site_dir, tmp_path):
    mbox = tmp_path / "big.mbox"
    write_mbox(mbox, 6000)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        site = Site(site_dir, **_mail_env(port))
        with site:  # migrated
            pass
        site.python(_IMPORT, str(mbox))
        worker = subprocess.Popen(
            [followline_command(), "worker", "--poll", "0.2"],
            env=site.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: import_state(site)[0] == "running", 60, "the import to start")
            ids = json.loads(site.python(_ENQUEUE, "20"))
            wait_for(lambda: set(ids) <= set(handler.message_ids()), 60, "the mail")
            state, done = import_state(site)
            assert state == "running", (state, done)  # the mail did not wait for the import
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
