"""A followline site run as real processes (``followline serve`` on a free loopback port,
its own SQLite data directory), and a small cookie-keeping HTTP client that logs in and
posts forms the way a browser would."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "correct horse battery staple"

_CREATE_USER = """
import sys, django
django.setup()
from django.contrib.auth import get_user_model
name, password = sys.argv[1], sys.argv[2]
get_user_model().objects.create_user(name, f"{name}@example.org", password)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def followline_command() -> str:
    found = shutil.which("followline", path=str(Path(sys.executable).parent))
    assert found, "followline is not installed next to this Python"
    return found


class Site:
    """``followline serve`` with its own data directory (SQLite)."""

    def __init__(
        self, data: Path, *, worker: bool = False, threads: int = 4, processes: int = 1, **env: str
    ):
        self.data = data
        self.processes = processes
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.worker = worker
        self.threads = threads
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "followline.web.settings",
            "FOLLOWLINE_DATA_DIR": str(data),
            "SECRET_KEY": "abuse-test-secret",
            **env,
        }
        self.env.pop("DATABASE_URL", None)
        self.proc: subprocess.Popen | None = None
        self.log_path = data / "serve.log"

    def start(self, timeout: float = 90) -> Site:
        self.data.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        args = [followline_command(), "serve", "--port", str(self.port)]
        args += ["--threads", str(self.threads), "--processes", str(self.processes)]
        if not self.worker:
            args.append("--no-worker")
        self.proc = subprocess.Popen(args, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=2).read()
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(self.log()) from None
                time.sleep(0.3)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def python(self, code: str, *args: str, timeout: float = 60) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def create_user(self, name: str, password: str = PASSWORD) -> None:
        self.python(_CREATE_USER, name, password)

    def client(self) -> Client:
        return Client(self.base)

    def logged_in(self, name: str, password: str = PASSWORD) -> Client:
        client = self.client()
        client.login(name, password)
        return client

    def __enter__(self) -> Site:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Client:
    """Cookies, CSRF and form posts over urllib; answers (status, body text)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None, timeout: float = 60) -> tuple[int, str]:
        body = None
        headers = {}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}).encode()
            headers = {"X-CSRFToken": self._csrf(), "Referer": self.base + path}
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def get(self, path: str, timeout: float = 60) -> tuple[int, str]:
        return self.request(path, timeout=timeout)

    def post(self, path: str, data: dict, timeout: float = 60) -> tuple[int, str]:
        if not self._csrf():
            self.get(path)
        return self.request(path, data, timeout=timeout)

    def login(self, name: str, password: str) -> None:
        self.get("/accounts/login/")
        status, page = self.post("/accounts/login/", {"username": name, "password": password})
        assert status == 200 and not re.search(r'name="password"', page), page[:2000]
