"""The triage pipeline: mail and calls in, one record per message, then one per candidate.

Stages, streaming: sources (:mod:`~followline.mail.sources`) → per-message analysis in
worker processes (:mod:`~followline.mail.analyse`) → duplicate collapsing
(:mod:`~followline.mail.dedupe`) and grouping per candidate
(:mod:`~followline.mail.sender_book`) in this process → after the last message, the call
log, then every candidate judged by the line. Records are plain dicts (the JSON Lines
format in docs/triage.md) and are yielded as soon as they are known, so memory holds the
per-candidate summaries and the duplicate index, never the mailbox.

The IMAP source (a later issue) feeds :func:`triage_raw` with its own
:class:`~followline.mail.sources.RawMessage` stream.

Example::

    options = TriageOptions(policy=get_policy("two-email"), now=datetime.now(UTC))
    for record in triage(["inbox.mbox"], options):
        print(record["type"], record.get("kind"))
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from followline.holiday_calendar import calendar_for
from followline.line import Policy
from followline.mail.analyse import Analysed, analyse_many
from followline.mail.csvinputs import read_calls, read_interviews
from followline.mail.dedupe import DuplicateIndex
from followline.mail.sender_book import CandidateBook, judge_candidate
from followline.mail.sources import RawMessage, iter_sources

Record = dict[str, Any]
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class TriageOptions:
    policy: Policy
    now: datetime
    calls: Path | None = None
    interviews: Path | None = None
    timezone: tzinfo = UTC
    region: str = "US"
    workers: int = 0  # 0: one per CPU, at most 4


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def triage(
    sources: Iterable[str],
    options: TriageOptions,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Iterator[Record]:
    """Triage mail SOURCES (paths, or ``-`` for an mbox on stdin)."""
    yield from triage_raw(iter_sources(sources, stdin), options, progress=progress)


def triage_raw(
    raws: Iterable[RawMessage], options: TriageOptions, *, progress: Progress | None = None
) -> Iterator[Record]:
    """Triage a stream of raw messages; yields message/error, candidate, summary records."""
    interviews = (
        read_interviews(options.interviews, options.timezone, options.region)
        if options.interviews
        else None
    )
    with CandidateBook(interviews) as book:  # its contact store is deleted on every way out
        duplicates = DuplicateIndex(options.policy.duplicate_similarity)
        totals = {"messages": 0, "errors": 0, "spam": 0, "duplicates": 0, "undated": 0}
        workers = options.workers or default_workers()
        # Every sender but a spammer is judged as a candidate: their mail is job mail.
        analysed = analyse_many(raws, options.region, workers, job_mail=True)
        for number, item in enumerate(analysed, start=1):
            if progress is not None:
                progress(item.size)
            totals["messages"] += 1
            if item.error is not None:
                totals["errors"] += 1
                yield {"type": "error", "id": number, "source": item.location, "error": item.error}
                continue
            yield _message_record(number, item, book, duplicates, totals)
        calls = matched = 0
        if options.calls:
            for call in read_calls(options.calls, options.timezone, options.region):
                calls += 1
                matched += "@" in book.add_call(call)
        calendar = calendar_for(options.policy)
        standings: dict[str, int] = {}
        judged = 0
        for candidate, timeline, entries, timing in book.timelines():
            record = judge_candidate(
                candidate, timeline, entries, timing, options.policy, options.now, calendar
            )
            judged += 1
            standings[record["standing"]] = standings.get(record["standing"], 0) + 1
            yield record
        yield {
            "type": "summary",
            **totals,
            "senders": book.senders(),
            "candidates": judged,
            "calls": calls,
            "calls_matched": matched,
            "standings": standings,
            "policy": options.policy.name,
            "now": options.now.isoformat(),
            "timing_rules": "applied to candidates in the interviews CSV"
            if interviews is not None
            else "skipped: no --interviews CSV, so only the budget, duplicate and call rules apply",
        }


def _message_record(
    number: int,
    item: Analysed,
    book: CandidateBook,
    duplicates: DuplicateIndex,
    totals: dict[str, int],
) -> Record:
    classification = item.classification
    assert classification is not None
    first = duplicates.add_sketch(number, item.sketch)
    totals["spam"] += classification.spam
    totals["duplicates"] += first is not None
    totals["undated"] += item.date is None
    key = item.candidate or f"unknown:{item.location}"
    book.add_message(
        key,
        item.from_name,
        message=number,
        at=item.date,
        kind=classification.kind,
        candidate_kind=classification.candidate_kind,
        spam=classification.spam,
        text=item.body,
        duplicate_of=first,
        phones=item.phones,
    )
    return {
        "type": "message",
        "id": number,
        "source": item.location,
        "message_id": item.message_id,
        "from": item.from_display,
        "candidate": key,
        "date": item.date.isoformat() if item.date else None,
        "subject": item.subject,
        "kind": classification.kind.value,
        "confidence": classification.confidence,
        "unsure": classification.unsure,
        "spam": classification.spam,
        "duplicate_of": first,
        "evidence": list(classification.evidence),
        "problems": list(item.problems),
    }
