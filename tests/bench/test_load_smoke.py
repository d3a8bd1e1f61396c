"""bench/load.py keeps working: a few seconds against a real ``followline serve`` on SQLite
with a little data, and no request may fail. Its speed is the benchmark's business (it
prints it); nothing here asserts a time. SQLite only (the benchmark makes its own database,
so the PostgreSQL pass of ./test does not run it again)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "load.py"


def test_the_load_benchmark_runs_and_no_request_fails(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--backends",
            "sqlite",
            "--seconds",
            "4",
            "--warmup",
            "1",
            "--users",
            "6",
            "--candidates",
            "40",
            "--seekers",
            "6",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    total = next(line for line in done.stdout.splitlines() if line.startswith("| **all**"))
    requests, errors = int(total.split("|")[2]), int(total.split("|")[-2])
    assert requests > 0 and errors == 0, done.stdout
    for page in ("add a contact", "log an interview", "timeline card", "status page"):
        assert f"| {page} |" in done.stdout, done.stdout


def test_the_replay_answers_every_request_and_prints_cpu_per_page(tmp_path):
    small = ["--users", "5", "--candidates", "40", "--seekers", "6"]
    done = subprocess.run(
        [sys.executable, str(BENCH), "--replay", "60", *small],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr  # any unexpected status fails it
    total = next(line for line in done.stdout.splitlines() if line.startswith("| **all**"))
    assert int(total.split("|")[2]) >= 60 and float(total.split("|")[3]) > 0, done.stdout
    for page in ("application page", "add a contact", "team page", "status page"):
        assert f"| {page} |" in done.stdout, done.stdout
