"""Item 3: ``serve`` keeps its worker alive, the worker dies with ``serve``, one worker per
SQLite database, and ``followline worker --health`` says when each job last ran."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.outbox.smtp_servers import RecordingHandler, smtp_server

from .site import Site, followline_command

_ENQUEUE = """
import json, sys, django
django.setup()
from followline.web.outbox.enqueue import enqueue_mail
print(json.dumps([enqueue_mail(f"c{i}@example.com", f"m {i}", "text").message_id
                  for i in range(int(sys.argv[1]))]))
"""


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _mail_env(port: int) -> dict[str, str]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "DEFAULT_FROM_EMAIL": "followline@followline.test",
    }


def test_serve_restarts_a_killed_worker_and_the_queue_drains(site_dir):
    handler = RecordingHandler(delay=0.01)
    with smtp_server(handler) as (_, port), Site(site_dir, worker=True, **_mail_env(port)) as site:
        first = wait_for(lambda: children(site.proc.pid), 30, "the worker")[0]
        ids = json.loads(site.python(_ENQUEUE, "200"))
        wait_for(lambda: len(handler.message_ids()) >= 10, 60, "the first mails")
        os.kill(first, signal.SIGKILL)
        second = wait_for(
            lambda: [p for p in children(site.proc.pid) if p != first], 15, "a new worker"
        )[0]
        assert second != first
        # all but the one in flight at the kill (it waits for its lease, then goes again)
        wait_for(lambda: len(set(ids) - set(handler.message_ids())) <= 1, 60, "the queue to drain")
        assert "restarting in" in site.log()


def test_the_worker_stops_when_serve_is_killed(site_dir):
    with Site(site_dir, worker=True) as site:
        worker = wait_for(lambda: children(site.proc.pid), 30, "the worker")[0]
        site.proc.send_signal(signal.SIGKILL)
        site.proc.wait()
        wait_for(lambda: not alive(worker), 15, "the orphaned worker to stop")


def _worker(site: Site, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [followline_command(), "worker", *args],
        env=site.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_one_worker_per_sqlite_database(site_dir):
    site = Site(site_dir)
    with site:  # migrates the database
        pass
    first = _worker(site, "--poll", "0.2")
    try:
        time.sleep(3)
        assert first.poll() is None
        second = _worker(site, "--once")
        _, err = second.communicate(timeout=60)
        assert second.returncode == 75, err
        assert "one worker per SQLite database" in err
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)
    again = _worker(site, "--once")  # the lock goes with the process
    _, err = again.communicate(timeout=60)
    assert again.returncode == 0, err


@pytest.mark.parametrize("run_first", [False, True], ids=["never-ran", "after-a-pass"])
def test_worker_health_says_when_each_job_last_ran(site_dir, run_first):
    site = Site(site_dir)
    with site:
        pass
    if run_first:
        done = _worker(site, "--once")
        _, err = done.communicate(timeout=120)
        assert done.returncode == 0, err
    health = _worker(site, "--health")
    out, err = health.communicate(timeout=60)
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "mailsync",
        "promises",
        "reminders",
        "outbox",
        "tasks",
        "imports",
    ], out + err
    if run_first:
        assert health.returncode == 0 and all(
            " ok " in line and "last ran" in line for line in lines
        )
    else:
        assert health.returncode == 1 and all("never ran" in line for line in lines)
