"""Running an import job: read a mailbox or call-log file with triage's readers, file every
message or call through :mod:`followline.web.employers.inbound` (the same filing as the
hiring mailbox), then re-judge each touched candidate once.

Mailboxes are read as triage reads them (:func:`followline.mail.sources.iter_sources`:
an mbox file, a Maildir or a directory of .eml files, one .eml; every message parsed once,
stripped, classified and sketched by :func:`followline.mail.analyse.analyse_many`, in this
process: the import runs on the background worker), with triage's near-duplicate index
over the file. The job counts what was read, what was new and what was already there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from django.utils import timezone

from followline.mail.analyse import analyse_many
from followline.mail.csvinputs import read_calls
from followline.mail.dedupe import DuplicateIndex
from followline.mail.sources import iter_sources, source_size
from followline.web.employers.inbound import Outcome, file_call, file_message
from followline.web.employers.models import Candidate, CandidateContact, ImportJob
from followline.web.employers.models.candidates import PHONE_REGION
from followline.web.employers.models.imports import ImportKind, ImportState

PROGRESS_EVERY = 25
Progress = Callable[[int, int], None]


class NothingRead(ValueError):
    """The file held nothing the import could read (an image, an empty or foreign file)."""


def run(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("opening__team").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING)
    touched: set[int] = set()

    def progress(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        path = Path(job.upload.path)
        if job.kind == ImportKind.CALLS:
            _calls(job, path, progress, touched)
        else:
            _messages(job, path, progress, touched)
        if job.contacts_added == 0 and job.messages == job.unreadable:
            raise NothingRead(_nothing_read(job))
        now = timezone.now()
        for candidate in Candidate.objects.for_judging().filter(pk__in=touched):
            candidate.rejudge(now)
        job.state = ImportState.DONE
    except (OSError, ValueError, KeyError, UnicodeError) as exc:  # CsvError is a ValueError
        reason = str(exc) if isinstance(exc, NothingRead) else f"{type(exc).__name__}: {exc}"
        job.state, job.error = ImportState.FAILED, reason
    job.done = ImportJob.objects.values_list("done", flat=True).get(pk=job.pk)
    job.total = max(job.total, job.done)
    job.finished_at = timezone.now()
    job.save()
    return job


def _nothing_read(job: ImportJob) -> str:
    if job.kind == ImportKind.CALLS:
        expected = "a call log: a CSV file with a time and a phone number on each row"
    else:
        expected = "a mailbox: an mbox file (one file holding many messages) or a single .eml"
    found = (
        f"none of its {job.messages} entries could be read"
        if job.messages
        else "it holds nothing that could be read"
    )
    return f"{job.filename}: {found}. Nothing was imported. Expected {expected}."


def _messages(job: ImportJob, path: Path, progress: Progress, touched: set[int]) -> None:
    total = source_size([str(path)]) or path.stat().st_size
    duplicates = DuplicateIndex()
    contact_of: dict[int, CandidateContact] = {}  # message number -> its contact
    done = 0
    items = analyse_many(iter_sources([str(path)]), PHONE_REGION)
    for number, item in enumerate(items, start=1):
        done += item.size
        progress(min(done, total), total)
        job.messages += 1
        first = duplicates.add_sketch(number, item.sketch) if item.error is None else None
        filed = file_message(
            job.opening.team,
            item,
            opening=job.opening,
            import_job=job,
            duplicate_of=contact_of.get(first or 0),
        )
        if filed.outcome in (Outcome.UNREADABLE, Outcome.UNMATCHED):
            job.unreadable += 1
        elif filed.outcome is Outcome.SPAM:
            job.spam += 1
        elif filed.outcome is Outcome.ALREADY:
            job.already_there += 1
        else:
            assert filed.contact is not None and filed.candidate is not None
            contact_of[number] = filed.contact
            job.spam += filed.contact.spam
            job.duplicates += first is not None
            job.contacts_added += 1
            job.candidates_added += filed.new_candidate
            touched.add(filed.candidate.pk)


def _calls(job: ImportJob, path: Path, progress: Progress, touched: set[int]) -> None:
    with path.open("rb") as fh:
        total = max(0, sum(1 for _ in fh) - 1)
    for i, call in enumerate(read_calls(path, UTC, PHONE_REGION), start=1):
        job.messages += 1
        filed = file_call(job.opening, call, import_job=job)
        if filed.outcome is Outcome.ALREADY:
            job.already_there += 1
        else:
            assert filed.candidate is not None
            job.contacts_added += 1
            job.candidates_added += filed.new_candidate
            touched.add(filed.candidate.pk)
        progress(i, total)
