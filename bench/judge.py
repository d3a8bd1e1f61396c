"""How many timelines the line judges per second, for 1-, 10- and 100-contact timelines.

Run:  .venv/bin/python bench/judge.py [--seconds 2] [--infer]

One process, one core. Each timeline: an application, an interview with a stated decision
date, and N contacts cycling through a realistic mix (thank-you, status inquiry, calls with
and without voicemail, employer update/request, candidate replies, letters with text that
repeats). Timelines are built once, outside the timing; `judge` is what is timed. With
--infer, candidate contacts carry no `kind` and the shared classifier infers it from text.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from followline.classify import infer_candidate_kind
from followline.line import (
    CandidateKind,
    Channel,
    Contact,
    EmployerKind,
    Milestone,
    MilestoneType,
    Party,
    Timeline,
    get_policy,
    judge,
)

TZ = ZoneInfo("America/Chicago")
START = datetime(2026, 10, 20, 9, 0, tzinfo=TZ)
TEXTS = {
    CandidateKind.THANK_YOU: "Thank you for your time today, I enjoyed meeting the team.",
    CandidateKind.STATUS_INQUIRY: "Is there any update on the status of my application?",
    CandidateKind.OTHER: "I am writing to follow up on my interview for the analyst role.",
    CandidateKind.REPLY: "Here are the two references you asked for.",
}


def _contact(i: int, at: datetime, infer: bool) -> Contact:
    slot = i % 8
    if slot in (3, 6):
        kind = EmployerKind.UPDATE if slot == 3 else EmployerKind.REQUEST
        return Contact(at, Party.EMPLOYER, Channel.EMAIL, kind, decision_within_days=5)
    if slot in (2, 5):
        return Contact(at, Party.CANDIDATE, Channel.PHONE, None, voicemail=slot == 5)
    kind = {
        0: CandidateKind.THANK_YOU,
        1: CandidateKind.STATUS_INQUIRY,
        4: CandidateKind.OTHER,
        7: CandidateKind.REPLY,
    }[slot]
    return Contact(at, Party.CANDIDATE, Channel.EMAIL, None if infer else kind, TEXTS[kind])


def build(n: int, count: int, infer: bool) -> list[Timeline]:
    timelines = []
    for t in range(count):
        interview = START + timedelta(days=7, hours=t % 5)
        milestones = (
            Milestone(MilestoneType.APPLIED, START),
            Milestone(MilestoneType.INTERVIEW, interview, decision_within_days=10),
        )
        contacts = tuple(
            _contact(i, interview + timedelta(hours=5 + 14 * i), infer) for i in range(n)
        )
        timelines.append(Timeline(milestones, contacts, "America/Chicago"))
    return timelines


def rate(n: int, seconds: float, infer: bool) -> tuple[float, float]:
    """(median, best) timelines per second over repeated passes of at least `seconds`."""
    policy = get_policy("two-email")
    now = START + timedelta(days=60)
    timelines = build(n, 200, infer)
    rates = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 5:
        begin = time.perf_counter()
        for timeline in timelines:
            judge(timeline, policy, now, infer_kind=infer_candidate_kind)
        rates.append(len(timelines) / (time.perf_counter() - begin))
    return statistics.median(rates), max(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per size (default 2)")
    parser.add_argument("--infer", action="store_true", help="infer kinds from text")
    args = parser.parse_args()
    print(f"{'contacts':>8}  {'timelines/s (median)':>20}  {'best':>10}  {'contacts/s':>12}")
    for n in (1, 10, 100):
        median, best = rate(n, args.seconds, args.infer)
        print(f"{n:>8}  {median:>20,.0f}  {best:>10,.0f}  {median * n:>12,.0f}")


if __name__ == "__main__":
    main()
