"""Messages per second through the outbox to a local SMTP server (aiosmtpd, loopback).

    .venv/bin/python bench/outbox.py                 # 2000 messages per configuration
    .venv/bin/python bench/outbox.py --messages 500

Configurations: SQLite with one worker; PostgreSQL (FOLLOWLINE_TEST_POSTGRES_URL, as
./test's setup scripts export it) with one and with two workers. For each: enqueue N rows
(not timed), start the worker processes (``followline_worker --only outbox --until-idle``),
and time from the first to the last message the SMTP server accepts; "wall" also counts
process start-up. Every run checks that each Message-ID arrived exactly once. Bounded: N
messages, then the workers exit by themselves.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from outbox.deployment import Deployment, FreshPostgresDatabase, wait_for
from outbox.smtp_servers import RecordingHandler, smtp_server


def run(database_url: str | None, workers: int, messages: int) -> dict[str, float]:
    handler = RecordingHandler()
    with tempfile.TemporaryDirectory() as tmp, smtp_server(handler) as (_, port):
        dep = Deployment(Path(tmp), port, database_url)
        dep.migrate()
        enqueued = dep.enqueue(messages)
        started = time.monotonic()
        procs = [
            dep.start_worker(f"w{i}", lease=60, batch=100, until_idle=True) for i in range(workers)
        ]
        try:
            wait_for(
                lambda: len(handler.times) >= messages,
                timeout=600,
                what="all messages",
                detail=dep.log,
            )
        finally:
            dep.stop_all()
        for proc in procs:
            proc.wait()
        wall = time.monotonic() - started
        counts = Counter(handler.message_ids())
        if sorted(counts) != sorted(enqueued) or set(counts.values()) != {1}:
            raise SystemExit("a message was lost or sent twice")
        span = handler.times[-1] - handler.times[0]
        return {"msgs_per_s": (messages - 1) / span, "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    postgres = os.environ.get("FOLLOWLINE_TEST_POSTGRES_URL")
    configs: list[tuple[str, str | None, int]] = [("SQLite", None, 1)]
    if postgres:
        configs += [("PostgreSQL", postgres, 1), ("PostgreSQL", postgres, 2)]
    else:
        print("FOLLOWLINE_TEST_POSTGRES_URL unset: PostgreSQL rows skipped", file=sys.stderr)
    print("| database | workers | messages | msgs/s (first→last accepted) | wall s |")
    print("|---|---|---|---|---|")
    for label, base_url, workers in configs:
        if base_url:
            with FreshPostgresDatabase(base_url) as url:
                result = run(url, workers, args.messages)
        else:
            result = run(None, workers, args.messages)
        print(
            f"| {label} | {workers} | {args.messages} | {result['msgs_per_s']:.0f} "
            f"| {result['wall_s']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
