"""A followline installation run as real processes: its own database (SQLite file or a
fresh PostgreSQL database), migrated by ``manage.py migrate``, and worker processes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

_ENQUEUE = """
import json, sys, django
django.setup()
from followline.web.outbox.enqueue import enqueue_mail
n, tag = int(sys.argv[1]), sys.argv[2]
print(json.dumps([enqueue_mail(f"c{i}@example.com", f"{tag} {i}", "text").message_id
                  for i in range(n)]))
"""


class Deployment:
    def __init__(self, tmp_path: Path, smtp_port: int, postgres_url: str | None = None):
        self.tmp_path = tmp_path
        self.postgres_url = postgres_url
        self.sqlite_path = tmp_path / "followline.sqlite3"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "followline.web.settings",
            "FOLLOWLINE_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test-secret",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "DEFAULT_FROM_EMAIL": "followline@followline.test",
            "FOLLOWLINE_MAIL_ALLOW_LOCAL": "1",  # the test mail servers are on loopback
        }
        if postgres_url:
            self.env["DATABASE_URL"] = postgres_url
        else:
            self.env.pop("DATABASE_URL", None)
        self.workers: list[subprocess.Popen] = []

    def python(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [sys.executable, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"{args[:2]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def migrate(self) -> None:
        self.python("-m", "django", "migrate", "--verbosity", "0")

    def enqueue(self, n: int, tag: str = "m") -> list[str]:
        return json.loads(self.python("-c", _ENQUEUE, str(n), tag))

    def start_worker(
        self, name: str, *, lease: float = 2.0, batch: int = 20, until_idle: bool = False
    ) -> subprocess.Popen:
        log = (self.tmp_path / f"worker-{name}.log").open("ab")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "django",
                "followline_worker",
                "--only",
                "outbox",
                "--name",
                name,
                "--lease",
                str(lease),
                "--poll",
                "0.1",
                "--batch",
                str(batch),
                *(["--until-idle"] if until_idle else []),
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(proc)
        return proc

    def rows(self) -> dict[str, tuple[str, int, str]]:
        """message_id -> (state, attempts, claimed_by), read straight from the database."""
        sql = "SELECT message_id, state, attempts, claimed_by FROM outbox_outboxmessage"
        if self.postgres_url:
            with psycopg.connect(self.postgres_url) as conn:
                result = conn.execute(sql).fetchall()
        else:
            with sqlite3.connect(self.sqlite_path) as conn:
                result = conn.execute(sql).fetchall()
        return {mid: (state, attempts, by) for mid, state, attempts, by in result}

    def stop_all(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.workers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.tmp_path.glob("worker-*.log"))


def wait_for(
    condition: Callable[[], bool], *, timeout: float, what: str, detail: Callable[[], str] = str
) -> None:
    """Poll until ``condition()`` holds; a bounded wait, not a timing assertion."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {timeout} s\n{detail()}")
        time.sleep(0.05)


class FreshPostgresDatabase:
    """CREATE DATABASE outbox_<random> on the server of ``base_url``; DROP it afterwards."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.name = f"outbox_{uuid.uuid4().hex[:12]}"
        parts = urlsplit(base_url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))

    def __enter__(self) -> str:
        with psycopg.connect(self.base_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        return self.url

    def __exit__(self, *exc) -> None:
        # FORCE ends our own sessions; an autovacuum worker (another role) may briefly hold
        # the database, so try a few times and otherwise leave it (it is only test data).
        for _ in range(20):
            try:
                with psycopg.connect(self.base_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                return
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                time.sleep(0.5)
