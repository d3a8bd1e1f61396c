"""What keeps the background worker honest as a process: it dies with the server that started
it, and only one worker runs on a SQLite database.

* :func:`follow_parent`: ``followline serve`` starts its worker with ``--parent-pid``; the
  worker asks Linux to send it SIGTERM when that parent dies (``prctl(PR_SET_PDEATHSIG)``)
  and, as well (other systems, or a parent that died before the call), checks every second
  that its parent is still the same process. Either way it stops after the message in hand.
* :func:`sqlite_lock`: SQLite has one writer and no ``SKIP LOCKED``; two workers on one
  database file contend for it and repeat each other's jobs. The worker therefore holds an
  exclusive ``flock`` on ``<database>.worker.lock`` while it runs; a second one exits at once
  (code 75, "try again later": under ``serve`` or systemd it is retried with back-off). The
  kernel releases the lock when the process dies, however it dies. PostgreSQL needs no lock:
  several workers share its queue.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import logging
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.conf import settings

log = logging.getLogger("followline.worker")

PR_SET_PDEATHSIG = 1
EXIT_LOCKED = 75  # EX_TEMPFAIL


def _set_parent_death_signal(sig: int) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        return False


def follow_parent(parent_pid: int, stop: Callable[[], None], every: float = 1.0) -> None:
    """Call ``stop`` as soon as the process ``parent_pid`` is no longer our parent."""
    _set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent_pid:  # it died before we asked to be told
        log.warning("worker: parent %s is gone; stopping", parent_pid)
        stop()
        return

    def watch() -> None:
        done = threading.Event()
        while not done.wait(every):
            if os.getppid() != parent_pid:
                log.warning("worker: parent %s is gone; stopping", parent_pid)
                stop()
                return

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def sqlite_path() -> Path | None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3" or str(db["NAME"]) == ":memory:":
        return None
    return Path(db["NAME"]).resolve()


class WorkerLocked(RuntimeError):
    """Another worker holds this SQLite database."""


def sqlite_lock() -> IO[str] | None:
    """Hold the one-worker lock of the SQLite database (``None`` on PostgreSQL); keep the
    returned file open as long as the worker runs. Raises :class:`WorkerLocked`."""
    path = sqlite_path()
    if path is None:
        return None
    lock_path = path.with_name(path.name + ".worker.lock")
    handle = lock_path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise WorkerLocked(
            f"another worker ({holder}) is running on {path}; one worker per SQLite database"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    return handle
