"""The worker's memory while it imports a mailbox: does it grow with the mailbox?

Run:  .venv/bin/python bench/imports.py [--sizes 6000,60000] [--tracemalloc]

For each size a generated mbox (``.cache/bench/imports-<n>.mbox``, written once,
deterministic): ``n`` messages from ``n / 6`` senders (about six letters each, the shape of
a real hiring mailbox), every one with its own Message-ID and its own ~90 words (no two
are near-copies, so triage's near-duplicate index sees every letter), dated in 2026.

Each size is imported in its own child process on a fresh SQLite database (its own data
directory) by :func:`followline.web.employers.importing.run`, the function the worker's
import lane calls, with the worker's settings (``DEBUG`` off). Printed per size: messages
per second (wall and CPU), the process's resident memory before the import and its peak
during it (sampled every 20 ms from ``/proc/self/statm``; ``ru_maxrss`` agrees), their
difference (what the import itself took), and with ``--tracemalloc`` the peak of Python
allocations during the import (tracemalloc slows the import about twofold, so its run is
a separate child and its speed is not printed). Flat memory means the growth column is
about the same at both sizes, and the resident memory printed after every 1,000th message
levels off instead of climbing.

It stops by itself; nothing listens on a port.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".cache" / "bench"
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


def build_mbox(n: int) -> Path:
    """``n`` distinct letters from ``n // 6`` senders, as one mbox (written once)."""
    target = WORK / f"imports-{n}.mbox"
    if target.exists():
        return target
    WORK.mkdir(parents=True, exist_ok=True)
    rng = random.Random(n)
    vocabulary = [
        "".join(rng.choices("abcdefghiklmnoprstuvwy", k=rng.randint(2, 9))) for _ in range(6000)
    ]
    senders = max(1, n // 6)
    partial = target.with_suffix(".partial")
    with partial.open("w", encoding="ascii") as out:
        for i in range(n):
            who = rng.randrange(senders)
            month, day, hour = 1 + i * 11 // n, rng.randint(1, 28), rng.randint(8, 18)
            words = " ".join(rng.choices(vocabulary, k=90))
            out.write(
                f"From sender{who}@mail.example Mon Nov  2 10:00:00 2026\n"
                f"From: Sender {who} <sender{who}@mail.example>\n"
                "To: jobs@lakeside.example\n"
                f"Subject: Application {i} for the cook position\n"
                f"Date: Mon, {day} {_MONTHS[month - 1]} 2026 {hour:02d}:{i % 60:02d}:00 +0000\n"
                f"Message-ID: <bench-{n}-{i}@mail.example>\n\n"
                f"Dear hiring team,\n\nI am writing about the cook position. {words}.\n\n"
                f"Best regards,\nSender {who}\n\n"
            )
    partial.rename(target)
    return target


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


class PeakSampler(threading.Thread):
    """The highest resident set size seen while it runs (every ``every`` seconds)."""

    def __init__(self, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.every, self.peak, self._done = every, _rss(), threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.every):
            self.peak = max(self.peak, _rss())

    def stop(self) -> int:
        self._done.set()
        self.join()
        return max(self.peak, _rss())


def measure(mbox: Path, traced: bool) -> dict:
    """Import ``mbox`` once in this (child) process and say what it cost."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followline.web.settings")
    django.setup()
    import tracemalloc

    from django.core.files.base import File
    from django.core.management import call_command

    from followline.web.employers import importing
    from followline.web.employers.models import ImportJob, Opening, Team

    call_command("migrate", verbosity=0)
    team = Team.objects.create(name="Lakeside", slug="lakeside")
    opening = Opening.objects.create(team=team, title="Cook", promise_days=7)
    job = ImportJob(opening=opening, filename=mbox.name)
    with mbox.open("rb") as f:
        job.upload.save(mbox.name, File(f), save=False)
    job.save()
    curve: list[float] = []  # resident MiB after every 1,000th message filed
    filer = importing.file_message

    def filing(*args, **kwargs):
        filed = filer(*args, **kwargs)
        if (len(curve) + 1) * 1000 == filing.calls + 1:  # type: ignore[attr-defined]
            curve.append(round(_rss() / MIB, 1))
        filing.calls += 1  # type: ignore[attr-defined]
        return filed

    filing.calls = 0  # type: ignore[attr-defined]
    importing.file_message = filing  # the same function, counted
    before = _rss()
    sampler = PeakSampler()
    if traced:
        tracemalloc.start()
    sampler.start()
    wall, cpu = time.perf_counter(), time.process_time()
    done = importing.run(job.pk)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = sampler.stop()
    result = {
        "state": str(done.state),
        "messages": done.messages,
        "contacts": done.contacts_added,
        "candidates": done.candidates_added,
        "rss_before_mib": round(before / MIB, 1),
        "rss_peak_mib": round(peak / MIB, 1),
        "rss_growth_mib": round((peak - before) / MIB, 1),
        "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_every_1000_mib": curve,
    }
    if traced:
        result["tracemalloc_peak_mib"] = round(tracemalloc.get_traced_memory()[1] / MIB, 1)
        tracemalloc.stop()
    else:
        result["per_s_wall"] = round(done.messages / wall, 1)
        result["per_s_cpu"] = round(done.messages / cpu, 1)
    return result


def run_child(mbox: Path, traced: bool) -> dict:
    # On tmpfs when there is one: SQLite's fsync per filed message would otherwise set the
    # pace (and the disk's, not the worker's, speed would be measured).
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(prefix="bench-imports-", dir=shm) as data:
        env = {
            **os.environ,
            "FOLLOWLINE_DATA_DIR": data,
            "SECRET_KEY": "bench",
            "DEBUG": "",
            "FOLLOWLINE_IMPORT_MAX_SECONDS": "86400",  # the bench measures, it does not stop
        }
        env.pop("DATABASE_URL", None)
        command = [sys.executable, __file__, "--child", str(mbox)]
        out = subprocess.run(
            command + (["--tracemalloc"] if traced else []),
            env=env,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            sys.exit(f"the child failed:\n{out.stderr}")
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="6000,60000")
    parser.add_argument("--tracemalloc", action="store_true", help="also a traced run per size")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.tracemalloc)))
        return
    print(
        f"{'messages':>9} {'contacts':>9} {'msg/s':>7} {'msg/s cpu':>9} "
        f"{'RSS before':>10} {'RSS peak':>9} {'growth':>7} {'tracemalloc':>11}  (MiB)"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        mbox = build_mbox(n)
        plain = run_child(mbox, traced=False)
        traced = run_child(mbox, traced=True) if args.tracemalloc else {}
        print(
            f"{plain['messages']:>9} {plain['contacts']:>9} {plain['per_s_wall']:>7} "
            f"{plain['per_s_cpu']:>9} {plain['rss_before_mib']:>10} {plain['rss_peak_mib']:>9} "
            f"{plain['rss_growth_mib']:>7} {traced.get('tracemalloc_peak_mib', '-'):>11}",
            flush=True,
        )
        print(f"          RSS every 1,000 messages: {plain['rss_every_1000_mib']}", flush=True)
        if plain["state"] != "done":
            print(f"  the import ended {plain['state']}", flush=True)


if __name__ == "__main__":
    main()
