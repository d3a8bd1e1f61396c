"""Lanes: the queued tasks (imports above all) run in a thread of their own, so that the
outbox, reminders and the rest never wait behind a long import.

``followline worker`` (when it runs every job, forever) moves the ``tasks`` job out of its
main loop into a second :class:`~followline.web.outbox.worker.Worker` that shares its stop
event and runs in a thread. Both are one process: one SQLite lock, one parent to follow.
"""

from __future__ import annotations

import threading

from followline.web.outbox.worker import Worker

LANE_JOBS = ("tasks",)


def split_lane(worker: Worker) -> Worker | None:
    """Take the lane's jobs out of ``worker`` into a new worker (``None`` when ``worker``
    does not run them, or runs nothing else)."""
    moved = [job for job in worker.jobs if job.name in LANE_JOBS]
    if not moved or len(moved) == len(worker.jobs):
        return None
    worker.jobs = [job for job in worker.jobs if job.name not in LANE_JOBS]
    lane = Worker(name=f"{worker.name}/tasks", only=LANE_JOBS, poll=worker.poll, batch=worker.batch)
    lane.stopping = worker.stopping  # one stop for both
    return lane


def start(lane: Worker) -> threading.Thread:
    thread = threading.Thread(target=lane.run, name="tasks-lane", daemon=True)
    thread.start()
    return thread
