"""``followline serve`` keeps its background worker (and, with ``--processes``, its server
processes) running: a child that exits or is killed is started again, after a back-off
that doubles (1 s, 2 s, 4 s … up to a minute) while it keeps dying young and starts from
1 s again once it ran for a minute.

The worker is started with ``--parent-pid`` (see :mod:`followline.web.outbox.lifeline`), so
it stops when ``serve`` dies, even by ``kill -9``; it is started from the supervising
thread, which lives as long as ``serve`` (Linux's parent-death signal follows the thread
that started the child). Server processes are started the same way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence


class Supervisor:
    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        say: Callable[[str], None] = print,
        first_backoff: float = 1.0,
        max_backoff: float = 60.0,
        stable_after: float = 60.0,
        name: str = "background worker",
        pass_fds: Sequence[int] = (),
    ):
        self.argv = [*argv, "--parent-pid", str(os.getpid())]
        self.env = env
        self.name = name
        self.pass_fds = tuple(pass_fds)
        self.say = say
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.stable_after = stable_after
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"{name} supervisor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen | None:
        with self._lock:
            if self._stopping.is_set():
                return None
            self.proc = subprocess.Popen(self.argv, env=self.env, pass_fds=self.pass_fds)
            self.starts += 1
            return self.proc

    def _run(self) -> None:
        backoff = self.first_backoff
        while not self._stopping.is_set():
            proc = self._spawn()
            if proc is None:
                return
            started = time.monotonic()
            what = "started" if self.starts == 1 else "restarted"
            self.say(f"followline: {self.name} {what} (pid {proc.pid})")
            code = proc.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= self.stable_after:
                backoff = self.first_backoff
            self.say(
                f"followline: {self.name} (pid {proc.pid}) exited with {code}; "
                f"restarting in {backoff:g} s"
            )
            if self._stopping.wait(backoff):
                return
            backoff = min(backoff * 2, self.max_backoff)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop supervising and stop the child (SIGTERM, then SIGKILL after ``timeout``)."""
        with self._lock:
            self._stopping.set()
            proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._thread.join(timeout=timeout)
