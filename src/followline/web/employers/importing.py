"""Running an import job: read a mailbox or call-log file with triage's readers, file every
message or call through :mod:`followline.web.employers.inbound` (the same filing as the
hiring mailbox), then re-judge each touched candidate once.

Mailboxes are read as triage reads them (:func:`followline.mail.sources.iter_sources`:
an mbox file, a Maildir or a directory of .eml files, one .eml or Outlook .msg; a file that
is not mail is counted unreadable and its reason kept in ``problems``; every message parsed once,
stripped, classified and sketched by :func:`followline.mail.analyse.analyse_many`, in this
process: the import runs on the background worker), with triage's near-duplicate index
over the file. The job counts what was read, what was new and what was already there.

Memory stays flat however long the mailbox (``bench/imports.py`` measures it): messages
are read, analysed and filed one at a time from a stream (nothing holds the upload or a
list of messages); what is kept across messages is bounded: the near-duplicate index and
the contact of each indexed letter hold the last :data:`DUPLICATE_WINDOW` first copies
(a near-copy of an older letter in the same file is filed as a letter of its own), the
problems kept are at most :data:`PROBLEMS_KEPT`, and the touched candidates are kept as
ids and re-judged :data:`JUDGE_BATCH` at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from django.utils import timezone
from django.utils.timezone import now

from followline.mail.analyse import analyse_many
from followline.mail.csvinputs import read_calls
from followline.mail.dedupe import DuplicateIndex
from followline.mail.sources import iter_sources, source_size
from followline.web.employers import import_guard, import_notices
from followline.web.employers.inbound import Outcome, file_call, file_message
from followline.web.employers.models import Candidate, ImportJob
from followline.web.employers.models.candidates import PHONE_REGION
from followline.web.employers.models.imports import ImportKind, ImportState

PROGRESS_EVERY = 25
PROBLEMS_KEPT = 50  # lines of "what could not be read" kept on a job
DUPLICATE_WINDOW = 5_000  # first copies a letter is compared with (about 2 KB each)
JUDGE_BATCH = 200  # candidates loaded (with their contacts) at a time to be re-judged
Progress = Callable[[int, int], None]

log = logging.getLogger("followline.imports")


def run(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("opening__team").get(pk=job_id)
    guard = import_guard.Guard(job.pk)  # limits, cancel, heartbeat (import_guard.py)
    touched: set[int] = set()

    def progress(done: int, total: int) -> None:
        guard.item()
        if done % PROGRESS_EVERY == 0 or done == total:
            ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        guard.start()
        path = Path(job.upload.path)
        if job.kind == ImportKind.CALLS:
            _calls(job, path, progress, touched)
        else:
            _messages(job, path, progress, touched)
        _judge(touched, guard)
        job.state = ImportState.DONE
    except import_guard.ImportStopped as stop:
        job.state, job.error = stop.state, str(stop)
        _judge(touched, guard)  # what was filed before the stop is judged too
    except (OSError, ValueError, KeyError, UnicodeError) as exc:  # CsvError is a ValueError
        job.state, job.error = ImportState.FAILED, f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # never left "running": the job says what went wrong
        log.exception("import %s failed", job.pk)
        job.state, job.error = ImportState.FAILED, f"{type(exc).__name__}: {exc}"
    job.done = ImportJob.objects.values_list("done", flat=True).get(pk=job.pk)
    job.total = max(job.total, job.done)
    job.finished_at = timezone.now()
    job.save()
    import_notices.tell(job)
    return job


def _judge(touched: set[int], guard: import_guard.Guard) -> None:
    """Re-judge the touched candidates, :data:`JUDGE_BATCH` at a time (each loaded with all
    its contacts: loading them all at once would hold the whole import in memory)."""
    now = timezone.now()
    ids = sorted(touched)
    judged = 0
    for start in range(0, len(ids), JUDGE_BATCH):
        batch = Candidate.objects.for_judging().filter(pk__in=ids[start : start + JUDGE_BATCH])
        for candidate in batch:
            candidate.rejudge(now)
            judged += 1
            if judged % import_guard.CHECK_EVERY == 0:
                guard.beat()


def _messages(job: ImportJob, path: Path, progress: Progress, touched: set[int]) -> None:
    total = source_size([str(path)]) or path.stat().st_size
    duplicates = DuplicateIndex(keep=DUPLICATE_WINDOW)
    contact_of: dict[int, int] = {}  # an indexed letter's message number -> its contact's id
    done = 0
    problems: list[str] = []
    unkept = 0  # problems past PROBLEMS_KEPT: counted, not kept
    # Mail filed onto an opening's candidates is job mail by context (inbound._kind).
    items = analyse_many(iter_sources([str(path)]), PHONE_REGION, job_mail=True)
    for number, item in enumerate(items, start=1):
        done += item.size
        progress(min(done, total), total)
        job.messages += 1
        if item.error is None and (problem := import_guard.date_problem(item.date, now())):
            job.unreadable += 1
            import_guard.add_problem(job, number, problem)
            continue
        first = duplicates.add_sketch(number, item.sketch) if item.error is None else None
        filed = file_message(
            job.opening.team,
            item,
            opening=job.opening,
            import_job=job,
            duplicate_of_id=contact_of.get(first or 0),
        )
        if filed.outcome in (Outcome.UNREADABLE, Outcome.UNMATCHED):
            job.unreadable += 1
            if item.error is not None and len(problems) < PROBLEMS_KEPT:
                problems.append(f"{_where(item.location, path, job.filename)}: {item.error}")
            elif item.error is not None:
                unkept += 1
        elif filed.outcome is Outcome.SPAM:
            job.spam += 1
        elif filed.outcome is Outcome.ALREADY:
            job.already_there += 1
        else:
            assert filed.contact is not None and filed.candidate is not None
            if number in duplicates:  # a first copy, still in the index
                contact_of[number] = filed.contact.pk
                _forget_evicted(contact_of, duplicates)
            job.spam += filed.contact.spam
            job.duplicates += first is not None
            job.contacts_added += 1
            job.candidates_added += filed.new_candidate
            touched.add(filed.candidate.pk)
    if unkept:
        problems.append(f"… and {unkept} more")
    job.problems.extend(problems)


def _forget_evicted(contact_of: dict[int, int], duplicates: DuplicateIndex) -> None:
    """Drop the contacts of letters the index no longer holds (the oldest first)."""
    while contact_of:
        oldest = next(iter(contact_of))
        if oldest in duplicates:
            return
        del contact_of[oldest]


def _where(location: str, path: Path, filename: str) -> str:
    """A message's location as the user knows it: the uploaded file's name, not ours."""
    stored = str(path)
    return filename + location[len(stored) :] if location.startswith(stored) else location


def _calls(job: ImportJob, path: Path, progress: Progress, touched: set[int]) -> None:
    with path.open("rb") as fh:
        total = max(0, sum(1 for _ in fh) - 1)
    for i, call in enumerate(read_calls(path, UTC, PHONE_REGION), start=1):
        job.messages += 1
        if problem := import_guard.date_problem(call.at, now()):
            job.unreadable += 1
            import_guard.add_problem(job, i, problem)
            progress(i, total)
            continue
        filed = file_call(job.opening, call, import_job=job)
        if filed.outcome is Outcome.ALREADY:
            job.already_there += 1
        else:
            assert filed.candidate is not None
            job.contacts_added += 1
            job.candidates_added += filed.new_candidate
            touched.add(filed.candidate.pk)
        progress(i, total)
