"""How fast the classifier reads messages: ``classify`` messages per second, one core.

Run:  .venv/bin/python bench/classify_speed.py [--messages 5000] [--side candidate]

Messages (SpamAssassin, parsed, with their quotes and signatures stripped as triage does)
are read into memory first; then :func:`followline.classify.classify` (the job, kind and
spam models and the phrase rules) is timed over them, after a warm-up pass that loads the
models. Prints messages per second and microseconds per message (median of 3 passes), and
the models' load time; CPU time per message too (less disturbed by other load).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from followline.classify import Side, classify, model
from followline.mail.parse import parse_message
from followline.mail.reply import strip_reply, unquoted

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".cache" / "corpora" / "spam-assassin" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--side", choices=[s.value for s in Side], default="candidate")
    args = parser.parse_args()
    messages = []
    for path in sorted(CORPUS.glob("*/*.txt"))[: args.messages]:
        parsed = parse_message(path.read_bytes())
        messages.append((strip_reply(parsed.text).body, parsed.subject, unquoted(parsed.text)))
    started = time.perf_counter()
    for name in ("job", args.side, "spam"):
        model(name)
    loaded = time.perf_counter() - started
    passes, cpu = [], []
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        for body, subject, whole in messages:
            classify(body, subject, side=args.side, spam_text=whole)
        passes.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    median = statistics.median(passes)
    print(f"models loaded in {loaded * 1000:.0f} ms")
    print(
        f"classify: {len(messages) / median:,.0f} messages/s, "
        f"{median / len(messages) * 1e6:.0f} µs a message ({len(messages)} messages, "
        f"side {args.side}, median of 3 passes)"
    )
    print(f"CPU time: {statistics.median(cpu) / len(messages) * 1e6:.0f} µs a message")


if __name__ == "__main__":
    main()
